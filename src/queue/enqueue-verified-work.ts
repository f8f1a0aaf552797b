import { githubAwareBackoffType } from "./compute-backoff.ts";
import { EnqueueError, redisDeadlineMs } from "./enqueue-prepare.ts";
import type { FixJobData, TestsJobData } from "./job-data.ts";
import { jobNames } from "./queue-names.ts";
import type { ReviewQueues } from "./review-queues.ts";
import { withDeadline } from "./with-deadline.ts";

/** The BullMQ id alphabet has no ':'. */
function toId(text: string): string {
  return text.replaceAll(":", "-");
}

/**
 * Store a fix or test-generation request durably, once per delivery. While a request for the same
 * subject (an issue, or a pull-request head) is queued or running, another one is dropped (BullMQ
 * deduplication) instead of racing it.
 */
async function enqueueVerifiedWork(
  queues: ReviewQueues,
  request: {
    name: string;
    jobId: string;
    deduplicationId: string;
    deliveryId: string;
    data: FixJobData | TestsJobData;
  },
): Promise<{ jobId: string; created: boolean }> {
  try {
    await withDeadline(queues.fix.waitUntilReady(), redisDeadlineMs, "Redis");
    if (await queues.fix.getJob(request.jobId)) return { jobId: request.jobId, created: false };
    const job = await queues.fix.add(request.name, request.data, {
      jobId: request.jobId,
      // One attempt more: these runs are long, and their failure is reported on GitHub.
      attempts: 2,
      backoff: { type: githubAwareBackoffType, delay: 5_000 },
      deduplication: { id: toId(request.deduplicationId) },
    });
    return { jobId: request.jobId, created: job.id === request.jobId };
  } catch (error) {
    throw new EnqueueError(
      `could not store the ${request.name} request for delivery ${request.deliveryId} in Redis`,
      {
        cause: error,
      },
    );
  }
}

/**
 * One fix at a time per issue; for a pull request, per head, so a push after a finished fix can
 * be fixed again.
 */
export function enqueueFix(
  queues: ReviewQueues,
  data: FixJobData,
): Promise<{ jobId: string; created: boolean }> {
  const subject = `${data.owner}/${data.repo}#${data.issue.number}`;
  return enqueueVerifiedWork(queues, {
    name: jobNames.fix,
    jobId: toId(`fix-${data.deliveryId}`),
    deduplicationId:
      data.pullRequest === undefined ? subject : `fix-pr-${subject}@${data.pullRequest.ref.headSha}`,
    deliveryId: data.deliveryId,
    data,
  });
}

export function enqueueTests(
  queues: ReviewQueues,
  data: TestsJobData,
): Promise<{ jobId: string; created: boolean }> {
  return enqueueVerifiedWork(queues, {
    name: jobNames.tests,
    jobId: toId(`tests-${data.deliveryId}`),
    deduplicationId: `tests-${data.owner}/${data.repo}#${data.pullRequest.number}@${data.pullRequest.headSha}`,
    deliveryId: data.deliveryId,
    data,
  });
}
