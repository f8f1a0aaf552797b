import type { ChangedFile, PullRequestRef } from "../domain/index.ts";
import { classifyGitHubError, fetchComparison, type Octokit } from "../github/index.ts";
import type { ReviewMemory } from "../queue/index.ts";

export interface FilesToReview {
  readonly files: readonly ChangedFile[];
  /** Set when only the changes since this (last reviewed) head are reviewed. */
  readonly since?: string | undefined;
}

/**
 * After a push, only what changed since the last reviewed head is reviewed, as long as the new head
 * descends from it. A force-push, a comparison GitHub cannot make, or a change too large to list
 * falls back to reviewing the whole pull request.
 */
export async function selectFilesToReview(input: {
  octokit: Octokit;
  memory: ReviewMemory;
  pr: PullRequestRef;
  trigger: string;
  prFiles: readonly ChangedFile[];
}): Promise<FilesToReview> {
  const { octokit, memory, pr, trigger, prFiles } = input;
  if (trigger !== "synchronize") return { files: prFiles };
  const { lastReviewedHead } = await memory.read(pr);
  if (lastReviewedHead === null || lastReviewedHead === pr.headSha) return { files: prFiles };
  let comparison;
  try {
    comparison = await fetchComparison(octokit, {
      owner: pr.owner,
      repo: pr.repo,
      base: lastReviewedHead,
      head: pr.headSha,
    });
  } catch (error) {
    // The old head may be gone after a force-push (404) or unrelated (422): review everything.
    if (!classifyGitHubError(error).retryable) return { files: prFiles };
    throw error;
  }
  if (comparison.status !== "ahead" || !comparison.complete) return { files: prFiles };
  // A file changed and then changed back is no longer part of the pull request.
  const inPullRequest = new Set(prFiles.map((f) => f.path));
  return { files: comparison.files.filter((f) => inPullRequest.has(f.path)), since: lastReviewedHead };
}
