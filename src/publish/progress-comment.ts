import type { Octokit } from "../github/index.ts";
import { createTrailingThrottle } from "./create-trailing-throttle.ts";
import { fitGitHubText } from "./fit-github-text.ts";
import { postIssueComment } from "./post-issue-comment.ts";
import { callGitHub, PublishError } from "./publish-error.ts";
import {
  renderProgressComment,
  renderProgressOutcome,
  type ProgressCommentView,
  type ProgressOutcome,
} from "./render-progress-comment.ts";
import { sanitizeForGitHub } from "./sanitize-for-github.ts";

export interface ProgressCommentTarget {
  readonly owner: string;
  readonly repo: string;
  /** Issue or pull-request number. */
  readonly issueNumber: number;
}

export interface ProgressCommentRequest extends ProgressCommentTarget {
  readonly view: ProgressCommentView;
  /**
   * The comment an earlier attempt of the same job posted: it is edited instead of a new one being
   * posted (a new one only when it is gone). Default: a new comment.
   */
  readonly commentId?: number | undefined;
  /** Least time between two edits, to spare GitHub's rate limits. Default: 3000 ms. */
  readonly minIntervalMs?: number | undefined;
  /** Gets a failed edit; progress is a courtesy, so the job goes on. */
  onError(error: unknown): void;
}

/** A comment that shows a job's progress and, at the end, points to its result. */
export interface ProgressComment {
  readonly id: number;
  /** Shows `view` (throttled: the newest view is always written, views in between may be skipped). */
  show(view: ProgressCommentView): void;
  /** Turns the comment into the outcome's one line: the last edit, after which `show` does nothing. */
  finish(outcome: ProgressOutcome): Promise<void>;
  /** Like `finish`, but leaves `view` (e.g. with a note that another attempt follows). */
  pause(view: ProgressCommentView): Promise<void>;
}

/** GitHub's default for a progress comment's edits: well inside its limits for content writes. */
const defaultMinIntervalMs = 3_000;

/**
 * Posts the progress comment for a job (or takes over the one an earlier attempt posted) and
 * returns it. Exactly one comment per job: later states are edits of it, at most one per
 * `minIntervalMs`, sanitised like every comment Quorum posts. Failures to post throw a PublishError.
 */
export async function openProgressComment(
  octokit: Octokit,
  request: ProgressCommentRequest,
): Promise<ProgressComment> {
  const target = { owner: request.owner, repo: request.repo, issueNumber: request.issueNumber };
  const body = renderProgressComment(request.view);
  const id =
    request.commentId === undefined
      ? (await postIssueComment(octokit, { ...target, body })).id
      : await takeOverComment(octokit, { ...target, commentId: request.commentId, body });
  let shown = body;
  const throttle = createTrailingThrottle<string>({
    write: (text) => updateProgressComment(octokit, { ...target, commentId: id, body: text }),
    minIntervalMs: request.minIntervalMs ?? defaultMinIntervalMs,
    onError: (error) => request.onError(error),
    lastWriteAt: Date.now(),
  });
  return {
    id,
    show(view) {
      const text = renderProgressComment(view);
      // The same text again would be a write that changes nothing.
      if (text === shown) return;
      shown = text;
      throttle.push(text);
    },
    finish: (outcome) => throttle.finish(renderProgressOutcome(outcome)),
    pause: (view) => throttle.finish(renderProgressComment(view)),
  };
}

/** Replaces the body of a progress comment. Failures throw a PublishError. */
export async function updateProgressComment(
  octokit: Octokit,
  request: ProgressCommentTarget & { readonly commentId: number; readonly body: string },
): Promise<void> {
  const body = fitGitHubText(sanitizeForGitHub(request.body, { owner: request.owner, repo: request.repo }));
  await callGitHub("update comment", () =>
    octokit.rest.issues.updateComment({
      owner: request.owner,
      repo: request.repo,
      comment_id: request.commentId,
      body,
    }),
  );
}

/** Edits an earlier attempt's comment; posts a new one when someone deleted it. */
async function takeOverComment(
  octokit: Octokit,
  request: ProgressCommentTarget & { readonly commentId: number; readonly body: string },
): Promise<number> {
  try {
    await updateProgressComment(octokit, request);
    return request.commentId;
  } catch (error) {
    if (!(error instanceof PublishError && error.status === 404)) throw error;
    return (await postIssueComment(octokit, request)).id;
  }
}
