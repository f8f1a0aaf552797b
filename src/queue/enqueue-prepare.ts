import type { PrepareJobData } from "./job-data.ts";
import { jobNames } from "./queue-names.ts";
import type { ReviewQueues } from "./review-queues.ts";

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
  try {
    const existing = await queues.control.getJob(jobId);
    if (existing) return { jobId, created: false };
    await queues.control.add(jobNames.prepare, data, {
      jobId,
      attempts: 5,
      backoff: { type: "exponential", delay: 2_000 },
    });
    return { jobId, created: true };
  } catch (error) {
    throw new EnqueueError(`could not store the review request for delivery ${data.deliveryId} in Redis`, {
      cause: error,
    });
  }
}
