import { isFromFork } from "../github/index.ts";

/** The slice of a `pull_request.labeled` payload the decision reads. */
export interface PullRequestLabeledPayload {
  readonly label?: { readonly name: string } | undefined;
  readonly sender: { readonly type: string; readonly login: string };
  readonly pull_request: {
    readonly number: number;
    readonly state: string;
    readonly head: {
      readonly sha: string;
      /** Null when the fork the pull request came from was deleted. */
      readonly repo: { readonly full_name: string } | null;
    };
    readonly base: { readonly repo: { readonly full_name: string } };
  };
  readonly installation?: { readonly id: number } | null | undefined;
}

export type TestsLabelDecision =
  | {
      readonly tests: true;
      readonly pullNumber: number;
      /** The head the label was put on: the work is bound to it. */
      readonly headSha: string;
      readonly installationId: number;
    }
  | {
      readonly tests: false;
      readonly why: string;
      /** The label was meant for Quorum but cannot be acted on here: tell the person why. */
      readonly explain: boolean;
    };

/**
 * Pure: does this label event ask Quorum to write tests for a pull request? Only for open pull
 * requests whose head branch is in this repository: generated tests go to a branch with a pull
 * request into the head branch, and Quorum never pushes to forks.
 */
export function decideTestsLabel(payload: PullRequestLabeledPayload, testsLabel: string): TestsLabelDecision {
  const pr = payload.pull_request;
  if (payload.label?.name !== testsLabel) return { tests: false, why: "another label", explain: false };
  // Bots (Quorum itself included) label in bulk; answering them would talk to ourselves.
  if (payload.sender.type === "Bot")
    return { tests: false, why: `sender ${payload.sender.login} is a bot`, explain: false };
  if (pr.state !== "open") return { tests: false, why: `pull request is ${pr.state}`, explain: false };
  if (!payload.installation) return { tests: false, why: "event has no installation", explain: false };
  if (isFromFork(pr.head.repo?.full_name, pr.base.repo.full_name))
    return { tests: false, why: "the pull request comes from a fork", explain: true };
  return {
    tests: true,
    pullNumber: pr.number,
    headSha: pr.head.sha,
    installationId: payload.installation.id,
  };
}
