import type { PullRequestRef } from "../domain/index.ts";
import { fetchPullRequestHead, type Octokit } from "../github/index.ts";
import { postIssueComment } from "./post-issue-comment.ts";

/**
 * The pull request moved on after someone authorised work on it: what they approved is not what
 * would run. Not retryable; the user asks again for the new head.
 */
export class HeadChangedError extends Error {
  override readonly name = "HeadChangedError";
  readonly retryable = false;

  constructor(
    readonly authorizedHeadSha: string,
    readonly currentHeadSha: string,
  ) {
    super(
      `head changed: the command was given for ${authorizedHeadSha.slice(0, 12)} but the pull request is now at ${currentHeadSha.slice(0, 12)}`,
    );
  }
}

/**
 * Binds an authorisation to the head it was given for. Reads the pull request's current head;
 * when it is no longer `authorizedHeadSha`, tells the pull request so and throws HeadChangedError,
 * before anything is created for the run.
 */
export async function stopIfHeadMoved(
  octokit: Octokit,
  pr: PullRequestRef,
  authorizedHeadSha: string,
): Promise<void> {
  const current = await fetchPullRequestHead(octokit, {
    owner: pr.owner,
    repo: pr.repo,
    pullNumber: pr.pullNumber,
  });
  if (current.headSha === authorizedHeadSha) return;
  const error = new HeadChangedError(authorizedHeadSha, current.headSha);
  await postIssueComment(octokit, {
    owner: pr.owner,
    repo: pr.repo,
    issueNumber: pr.pullNumber,
    body:
      `Quorum stopped: **head changed**. The command was given for \`${authorizedHeadSha.slice(0, 12)}\`, ` +
      `but the pull request is now at \`${current.headSha.slice(0, 12)}\`. ` +
      "Nothing was run. Comment the command again to run it on the new head.",
  });
  throw error;
}
