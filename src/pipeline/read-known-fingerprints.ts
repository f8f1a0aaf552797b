import type { PullRequestRef } from "../domain/index.ts";
import { fetchOwnReviewComments, type Octokit } from "../github/index.ts";
import type { ReviewMemory } from "../queue/index.ts";
import { readFingerprintMarker } from "../report/index.ts";

/**
 * Fingerprints of what Quorum already posted on the pull request. Redis remembers them; when it
 * has nothing (flushed, or a new Redis) and the pull request is not brand new, they are read back
 * from the markers in Quorum's own review comments.
 */
export async function readKnownFingerprints(input: {
  octokit: Octokit;
  memory: ReviewMemory;
  pr: PullRequestRef;
  trigger: string;
}): Promise<string[]> {
  const { octokit, memory, pr, trigger } = input;
  const state = await memory.read(pr);
  if (state.lastReviewedHead !== null || trigger === "opened") return [...state.fingerprints];
  const comments = await fetchOwnReviewComments(octokit, {
    owner: pr.owner,
    repo: pr.repo,
    pullNumber: pr.pullNumber,
  });
  return comments.map((c) => readFingerprintMarker(c.body)).filter((fp): fp is string => fp !== undefined);
}
