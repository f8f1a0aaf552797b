import type { Job } from "bullmq";
import type { Logger } from "pino";
import type { Octokit } from "../github/index.ts";
import {
  openProgressComment,
  type ProgressComment,
  type ProgressCommentTarget,
  type ProgressCommentView,
  type ProgressOutcome,
  type ProgressStep,
} from "../publish/index.ts";
import { isFinalFailure } from "./is-final-failure.ts";

/** Where a job's progress comment goes and what its checklist shows. */
export interface ProgressCommentPlan {
  /** The issue or pull request the job works for. */
  readonly target: ProgressCommentTarget;
  /** E.g. `Quorum is working on a fix for this issue.` */
  readonly heading: string;
  /** The checklist; the job starts on the first step. */
  readonly steps: readonly ProgressStep[];
}

export interface ProgressCommentInput extends ProgressCommentPlan {
  readonly octokit: Octokit;
  readonly job: Job;
  readonly logger: Logger;
  /** Least time between two edits of the comment. Default: 3000 ms. */
  readonly minIntervalMs?: number | undefined;
}

/** What a job reports as it goes. */
export interface JobProgress {
  report(stage: string, detail: string): void;
}

/** What a job's work returns: its result and the line its progress comment ends as. */
export interface ProgressedWork<R> {
  readonly result: R;
  readonly outcome: ProgressOutcome;
}

/** Stored as the job's BullMQ progress, so a retried attempt edits the comment the first one posted. */
interface StoredProgress {
  readonly stage: string;
  readonly detail: string;
  readonly commentId?: number | undefined;
}

/**
 * Runs a fix or test-generation job with one progress comment on its issue or pull request:
 * posted when the job starts (or taken over from an earlier attempt), edited as stages advance,
 * and left pointing to the result. When the job fails for good (unrecoverable, or out of attempts)
 * it ends as "stopped: <reason>"; when another attempt follows, it says so. A comment that cannot
 * be posted is logged and the job goes on without it.
 */
export async function runWithProgressComment<R>(
  input: ProgressCommentInput,
  work: (progress: JobProgress) => Promise<ProgressedWork<R>>,
): Promise<R> {
  const { job, logger } = input;
  let view: ProgressCommentView = {
    heading: input.heading,
    steps: input.steps,
    stage: input.steps[0]?.stages[0] ?? "",
    detail: "starting",
  };
  const comment = await openComment(input, view);
  const store = (stored: StoredProgress): Promise<void> =>
    job.updateProgress({ ...stored }).catch((error: unknown) => {
      logger.warn({ err: error }, "could not store the job's progress");
    });
  const commentId = comment?.id;
  await store({ stage: view.stage, detail: view.detail, commentId });
  const progress: JobProgress = {
    report(stage, detail) {
      logger.debug({ stage, detail }, "progress");
      view = { ...view, stage, detail };
      comment?.show(view);
      void store({ stage, detail, commentId });
    },
  };
  try {
    const { result, outcome } = await work(progress);
    await comment?.finish(outcome);
    return result;
  } catch (error) {
    if (isFinalFailure(job, error)) {
      await comment?.finish({ kind: "stopped", reason: describeError(error) });
    } else {
      await comment?.pause({
        ...view,
        failedAttempt: { attempt: job.attemptsMade + 1, reason: describeError(error) },
      });
    }
    throw error;
  }
}

async function openComment(
  input: ProgressCommentInput,
  view: ProgressCommentView,
): Promise<ProgressComment | undefined> {
  const { logger } = input;
  try {
    return await openProgressComment(input.octokit, {
      ...input.target,
      view,
      commentId: readStoredCommentId(input.job.progress),
      minIntervalMs: input.minIntervalMs,
      onError: (error) => logger.warn({ err: error }, "could not update the progress comment"),
    });
  } catch (error) {
    logger.warn({ err: error }, "could not post the progress comment; the job goes on without it");
    return undefined;
  }
}

function readStoredCommentId(progress: unknown): number | undefined {
  if (typeof progress !== "object" || progress === null || !("commentId" in progress)) return undefined;
  const { commentId } = progress;
  return typeof commentId === "number" && Number.isSafeInteger(commentId) ? commentId : undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
