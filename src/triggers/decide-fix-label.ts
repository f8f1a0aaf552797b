/** The slice of an `issues.labeled` payload the decision reads. */
export interface IssueLabeledPayload {
  readonly label?: { readonly name: string } | undefined;
  readonly sender: { readonly type: string; readonly login: string };
  readonly issue: {
    readonly number: number;
    readonly state?: string | undefined;
    readonly pull_request?: unknown;
  };
  readonly installation?: { readonly id: number } | null | undefined;
}

export type FixLabelDecision =
  { readonly fix: true; readonly installationId: number } | { readonly fix: false; readonly why: string };

/** Pure: does this label event ask Quorum for a fix? */
export function decideFixLabel(payload: IssueLabeledPayload, fixLabel: string): FixLabelDecision {
  if (payload.label?.name !== fixLabel) return { fix: false, why: "another label" };
  if (payload.sender.type === "Bot") return { fix: false, why: `sender ${payload.sender.login} is a bot` };
  if (payload.issue.pull_request !== undefined)
    return { fix: false, why: "labels on pull requests do not ask for fixes" };
  if (payload.issue.state === "closed") return { fix: false, why: "the issue is closed" };
  if (!payload.installation) return { fix: false, why: "event has no installation" };
  return { fix: true, installationId: payload.installation.id };
}
