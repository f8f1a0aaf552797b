import { isFromFork } from "./is-from-fork.ts";
import type { Octokit, PullRequestRef } from "./octokit.ts";

/** What a command needs to know about a pull request at the moment it is given. */
export interface PullRequestHead {
  readonly headSha: string;
  readonly baseSha: string;
  readonly state: "open" | "closed";
  readonly draft: boolean;
  readonly merged: boolean;
  /**
   * The head branch lives in another repository (a fork, or a deleted one). Its code is
   * untrusted: it runs only in the sandbox and Quorum never pushes to it.
   */
  readonly fromFork: boolean;
  /** `owner/repo` of the head branch; undefined when the fork was deleted. */
  readonly headRepository: string | undefined;
}

/** Reads a pull request's current head and base (one `GET /pulls/{n}`). Octokit errors pass through. */
export async function fetchPullRequestHead(octokit: Octokit, ref: PullRequestRef): Promise<PullRequestHead> {
  const { data } = await octokit.rest.pulls.get({
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.pullNumber,
  });
  // The schema says non-null, but GitHub sends null once the fork's repository is deleted.
  const headRepo = data.head.repo as typeof data.head.repo | null;
  const headRepository = headRepo?.full_name;
  return {
    headSha: data.head.sha,
    baseSha: data.base.sha,
    state: data.state === "open" ? "open" : "closed",
    draft: data.draft === true,
    merged: data.merged,
    fromFork: isFromFork(headRepository, data.base.repo.full_name),
    headRepository,
  };
}
