import type { Octokit } from "./octokit.ts";

export interface OwnReviewComment {
  readonly id: number;
  readonly body: string;
  /** 👎 reactions on the comment. */
  readonly thumbsDown: number;
  /** The file the comment is on. */
  readonly path: string;
  /** Its line in the pull request's current head; null once the comment is outdated. */
  readonly line: number | null;
}

/**
 * Inline review comments on a pull request written by a bot account. Quorum embeds a fingerprint in
 * each of its comments; reading them back restores what was already said when Redis was flushed.
 * Comments by people are ignored, so nobody can silence a finding by pasting a marker.
 */
export async function fetchOwnReviewComments(
  octokit: Octokit,
  ref: { owner: string; repo: string; pullNumber: number },
): Promise<OwnReviewComment[]> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.pullNumber,
    per_page: 100,
  });
  return comments
    .filter((c) => c.user.type === "Bot")
    .map((c) => ({
      id: c.id,
      body: c.body,
      thumbsDown: c.reactions?.["-1"] ?? 0,
      path: c.path,
      line: c.line ?? null,
    }));
}
