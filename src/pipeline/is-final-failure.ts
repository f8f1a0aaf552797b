import { UnrecoverableError, type Job } from "bullmq";
import { computeBackoff } from "../queue/index.ts";

/**
 * Whether BullMQ will not try the job again after `error`: out of attempts, unrecoverable, or an
 * error the backoff refuses to retry (marked `retryable: false`, or a GitHub 4xx).
 */
export function isFinalFailure(job: Job, error: unknown): boolean {
  const attempt = job.attemptsMade + 1;
  return (
    attempt >= (job.opts.attempts ?? 1) ||
    error instanceof UnrecoverableError ||
    // The backoff strategy's "no retry" is a negative delay.
    computeBackoff(attempt, error) < 0
  );
}
