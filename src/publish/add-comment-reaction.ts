import type { Octokit } from "../github/index.ts";
import { callGitHub } from "./publish-error.ts";

/** The reaction Quorum puts on a command it accepted, before it starts on it. */
export const acknowledgeReaction = "eyes" as const;

export interface CommentReactionRequest {
  readonly owner: string;
  readonly repo: string;
  readonly commentId: number;
  /** Default: `eyes` (👀). */
  readonly content?: "eyes" | "rocket" | "confused" | "+1";
}

/** Reacts to an issue or pull-request conversation comment. GitHub answers 200 if it already exists. */
export async function addCommentReaction(octokit: Octokit, request: CommentReactionRequest): Promise<void> {
  await callGitHub("add reaction", () =>
    octokit.rest.reactions.createForIssueComment({
      owner: request.owner,
      repo: request.repo,
      comment_id: request.commentId,
      content: request.content ?? acknowledgeReaction,
    }),
  );
}
