import { githubAwareBackoffType } from "./compute-backoff.ts";
import { EnqueueError } from "./enqueue-prepare.ts";
import type { FixJobData, TestsJobData } from "./job-data.ts";
import { jobNames } from "./queue-names.ts";
import type { ReviewQueues } from "./review-queues.ts";
import { withDeadline } from "./with-deadline.ts";

const redisDeadlineMs = 4_000;

/**
 * Store a fix request durably, once per delivery; while a fix of the same issue is queued or
 * running, another request for it is dropped (BullMQ deduplication) instead of racing it.
 */
export async function enqueueFix(
  queues: ReviewQueues,
  data: FixJobData,
): Promise<{ jobId: string; created: boolean }> {
  const jobId = `fix-${data.deliveryId.replaceAll(":", "-")}`;
  try {
    await withDeadline(queues.fix.waitUntilReady(), redisDeadlineMs, "Redis");
    if (await queues.fix.getJob(jobId)) return { jobId, created: false };
    const job = await queues.fix.add(jobNames.fix, data, {
      jobId,
      // One attempt more: a fix run is long, and its failure is reported on the issue.
      attempts: 2,
      backoff: { type: githubAwareBackoffType, delay: 5_000 },
      deduplication: { id: `${data.owner}/${data.repo}#${data.issue.number}`.replaceAll(":", "-") },
    });
    return { jobId, created: job.id === jobId };
  } catch (error) {
    throw new EnqueueError(`could not store the fix request for delivery ${data.deliveryId} in Redis`, {
      cause: error,
    });
  }
}

/** Store a test-generation request for a pull request head, once per delivery and head. */
export async function enqueueTests(
  queues: ReviewQueues,
  data: TestsJobData,
): Promise<{ jobId: string; created: boolean }> {
  const jobId = `tests-${data.deliveryId.replaceAll(":", "-")}`;
  try {
    await withDeadline(queues.fix.waitUntilReady(), redisDeadlineMs, "Redis");
    if (await queues.fix.getJob(jobId)) return { jobId, created: false };
    const job = await queues.fix.add(jobNames.tests, data, {
      jobId,
      attempts: 2,
      backoff: { type: githubAwareBackoffType, delay: 5_000 },
      deduplication: {
        id: `tests-${data.owner}/${data.repo}#${data.pullRequest.number}@${data.pullRequest.headSha}`.replaceAll(
          ":",
          "-",
        ),
      },
    });
    return { jobId, created: job.id === jobId };
  } catch (error) {
    throw new EnqueueError(`could not store the test request for delivery ${data.deliveryId} in Redis`, {
      cause: error,
    });
  }
}
