import type { ReviewQueues } from "../queue/index.ts";
import type { MetricFamily } from "./metric-family.ts";
import type { MetricsCollector } from "./metrics-registry.ts";

/** Finished jobs are left out: their counts only reflect how long BullMQ keeps them. */
export const queueDepthStates = ["waiting", "prioritized", "delayed", "active", "waiting-children"] as const;

/**
 * Jobs per queue and state, read from Redis at scrape time. Every process sees the same shared
 * queues, so aggregate with `max`, not `sum`, across processes.
 */
export function collectQueueDepth(
  queues: Pick<ReviewQueues, "control" | "review" | "fix">,
): MetricsCollector {
  return async (): Promise<MetricFamily[]> => {
    const perQueue = await Promise.all(
      [queues.control, queues.review, queues.fix].map(async (queue) => ({
        queue: queue.name,
        counts: await queue.getJobCounts(...queueDepthStates),
      })),
    );
    return [
      {
        name: "quorum_queue_jobs",
        help: "Jobs in each queue by state, read from Redis when scraped (the same in every process).",
        type: "gauge",
        samples: perQueue.flatMap(({ queue, counts }) =>
          queueDepthStates.map((state) => ({ labels: { queue, state }, value: counts[state] ?? 0 })),
        ),
      },
    ];
  };
}
