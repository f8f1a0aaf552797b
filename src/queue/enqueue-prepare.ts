import { githubAwareBackoffType } from "./compute-backoff.ts";
import { computeRunId } from "./compute-run-id.ts";
import type { PrepareJobData } from "./job-data.ts";
import { withDeadline } from "./with-deadline.ts";
import { jobNames } from "./queue-names.ts";
import type { ReviewQueues } from "./review-queues.ts";

/**
 * BullMQ waits forever for a first connection; a webhook must fail (5xx, so GitHub shows it and
 * can redeliver) well inside GitHub's 10 s timeout instead of being answered as if stored.
 */
export const redisDeadlineMs = 4_000;

export class EnqueueError extends Error {
  override readonly name = "EnqueueError";
}

/**
 * Store the review request durably, keyed by the webhook delivery id: a redelivery of the same
 * delivery finds the existing job and adds nothing. Resolves only once Redis has the job.
 */
export async function enqueuePrepare(
  queues: ReviewQueues,
  data: PrepareJobData,
): Promise<{ jobId: string; created: boolean }> {
  const jobId = `delivery-${data.deliveryId.replaceAll(":", "-")}`;
  const coalesceMs = queues.settings.coalesceMs ?? 0;
  // A push waits out the window; a newer push in it replaces the waiting request.
  const coalesce =
    data.trigger === "synchronize" && coalesceMs > 0
      ? {
          delay: coalesceMs,
          deduplication: {
            id: `${data.pr.owner}/${data.pr.repo}#${data.pr.pullNumber}`.replaceAll(":", "-"),
            ttl: coalesceMs,
            extend: true,
            replace: true,
          },
        }
      : {};
  try {
    await withDeadline(queues.control.waitUntilReady(), redisDeadlineMs, "Redis");
    const existing = await queues.control.getJob(jobId);
    if (existing) return { jobId, created: false };
    await queues.runs.recordHead(data.pr);
    // A newer head makes the running review moot: free its model instances now, not when the
    // (possibly delayed) new review starts.
    const current = await queues.runs.currentRun(data.pr);
    if (current !== null && current !== computeRunId(data.pr)) {
      await queues.runs.cancel(current, `superseded by ${data.pr.headSha.slice(0, 12)}`);
    }
    await queues.control.add(jobNames.prepare, data, {
      jobId,
      attempts: 5,
      backoff: { type: githubAwareBackoffType, delay: 2_000 },
      ...coalesce,
    });
    return { jobId, created: true };
  } catch (error) {
    throw new EnqueueError(`could not store the review request for delivery ${data.deliveryId} in Redis`, {
      cause: error,
    });
  }
}
