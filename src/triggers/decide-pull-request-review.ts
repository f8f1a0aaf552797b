import type { PullRequestRef } from "../domain/index.ts";

export const reviewedActions = ["opened", "reopened", "ready_for_review", "synchronize"] as const;
export type ReviewedAction = (typeof reviewedActions)[number];

/** The slice of a `pull_request` webhook payload the decision reads. */
export interface PullRequestEventPayload {
  readonly action: string;
  readonly installation?: { readonly id: number } | null | undefined;
  readonly sender: { readonly type: string; readonly login: string };
  readonly repository: { readonly name: string; readonly owner: { readonly login: string } };
  readonly pull_request: {
    readonly number: number;
    readonly draft?: boolean | undefined;
    readonly state: string;
    readonly head: { readonly sha: string };
    readonly base: { readonly sha: string };
  };
}

export type ReviewDecision =
  | { readonly review: true; readonly pr: PullRequestRef; readonly action: ReviewedAction }
  | { readonly review: false; readonly why: string };

function isReviewedAction(action: string): action is ReviewedAction {
  return (reviewedActions as readonly string[]).includes(action);
}

/** Pure: should this pull_request event start a review, and of what? */
export function decidePullRequestReview(payload: PullRequestEventPayload): ReviewDecision {
  const pr = payload.pull_request;
  if (!isReviewedAction(payload.action))
    return { review: false, why: `action ${payload.action} is not reviewed` };
  if (pr.draft === true) return { review: false, why: "draft pull request" };
  if (pr.state !== "open") return { review: false, why: `pull request is ${pr.state}` };
  // Bots (Quorum itself included) open and push PRs in bulk; reviewing them would talk to ourselves.
  if (payload.sender.type === "Bot") return { review: false, why: `sender ${payload.sender.login} is a bot` };
  if (!payload.installation) return { review: false, why: "event has no installation" };
  return {
    review: true,
    action: payload.action,
    pr: {
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      pullNumber: pr.number,
      headSha: pr.head.sha,
      baseSha: pr.base.sha,
      installationId: payload.installation.id,
    },
  };
}
