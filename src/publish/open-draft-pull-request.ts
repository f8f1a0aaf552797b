import { classifyGitHubError, type Octokit } from "../github/index.ts";
import type { CreatedBranch } from "./create-branch-with-files.ts";
import { callGitHub, PublishError } from "./publish-error.ts";

export interface DraftPullRequestRequest {
  readonly owner: string;
  readonly repo: string;
  /** The branch Quorum made for the change (`createBranchWithFiles`), in this repository. */
  readonly head: CreatedBranch;
  /** The branch the pull request goes into. */
  readonly base: string;
  /** Sent as is: sanitise any untrusted part first. */
  readonly title: string;
  readonly body: string;
}

export interface OpenedPullRequest {
  readonly number: number;
  readonly url: string;
}

/**
 * Opens a DRAFT pull request from `head` into `base`. Safe to retry: when a retried job found its
 * own branch already there, or GitHub answers 422 because the pull request exists (a retry raced
 * the first attempt), the open pull request from that branch is returned instead of a second one.
 */
export async function openDraftPullRequest(
  octokit: Octokit,
  request: DraftPullRequestRequest,
): Promise<OpenedPullRequest> {
  const { owner, repo, head } = request;
  if (!head.created) {
    const open = await findOpenPullRequest(octokit, owner, repo, head.branch);
    if (open !== undefined) return open;
  }
  try {
    const pull = await octokit.rest.pulls.create({
      owner,
      repo,
      title: request.title,
      head: head.branch,
      base: request.base,
      body: request.body,
      draft: true,
      maintainer_can_modify: true,
    });
    return { number: pull.data.number, url: pull.data.html_url };
  } catch (error) {
    if (classifyGitHubError(error).status === 422) {
      const open = await findOpenPullRequest(octokit, owner, repo, head.branch);
      if (open !== undefined) return open;
    }
    throw new PublishError("create draft pull request", { cause: error });
  }
}

async function findOpenPullRequest(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string,
): Promise<OpenedPullRequest | undefined> {
  const pulls = await callGitHub("list pull requests", () =>
    octokit.rest.pulls.list({ owner, repo, head: `${owner}:${branch}`, state: "open", per_page: 1 }),
  );
  const pull = pulls.data[0];
  return pull === undefined ? undefined : { number: pull.number, url: pull.html_url };
}
