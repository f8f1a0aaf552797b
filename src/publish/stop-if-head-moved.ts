import type { PullRequestRef } from "../domain/index.ts";
import { fetchPullRequestHead, type Octokit } from "../github/index.ts";
import { postIssueComment } from "./post-issue-comment.ts";

/**
 * Binds an authorisation to the head it was given for. Reads the pull request's current head;
 * when it is no longer `authorizedHeadSha`, tells the pull request that the run stopped because
 * the head changed, and returns true: the caller must then stop before creating anything.
 */
export async function stopIfHeadMoved(
  octokit: Octokit,
  pr: PullRequestRef,
  authorizedHeadSha: string,
  /** What the comment says was left undone. Default: "Nothing was run." */
  outcome = "Nothing was run.",
): Promise<boolean> {
  const current = await fetchPullRequestHead(octokit, {
    owner: pr.owner,
    repo: pr.repo,
    pullNumber: pr.pullNumber,
  });
  if (current.headSha === authorizedHeadSha) return false;
  await postIssueComment(octokit, {
    owner: pr.owner,
    repo: pr.repo,
    issueNumber: pr.pullNumber,
    body:
      `Quorum stopped: **head changed**. The command was given for \`${authorizedHeadSha.slice(0, 12)}\`, ` +
      `but the pull request is now at \`${current.headSha.slice(0, 12)}\`. ` +
      `${outcome} Comment the command again to run it on the new head.`,
  });
  return true;
}
