import type { Counter } from "./counter.ts";
import type { Histogram } from "./histogram.ts";
import type { MetricsRegistry } from "./metrics-registry.ts";

/** Upper bounds (seconds) of the sub-task duration buckets: a fuse takes milliseconds, a fix an hour. */
export const subtaskDurationBuckets = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] as const;
/** Upper bounds (seconds) of the queue-wait buckets. */
export const jobWaitBuckets = [0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600] as const;

export interface RunMetrics {
  /** Finished runs: `kind` review | fix | tests; `outcome` completed | failed | cancelled | superseded | … */
  readonly runs: Counter<"kind" | "outcome">;
  /** One observation per attempt of a sub-task (a BullMQ job), from start to end. */
  readonly subtaskDuration: Histogram<"step" | "outcome">;
  /** Time a sub-task spent ready in its queue before a worker took it. */
  readonly queueWait: Histogram<"queue" | "step">;
}

export function registerRunMetrics(registry: MetricsRegistry): RunMetrics {
  return {
    runs: registry.counter({
      name: "quorum_runs_total",
      help: "Runs finished in this process, by kind (review, fix, tests) and outcome.",
      labelNames: ["kind", "outcome"],
    }),
    subtaskDuration: registry.histogram({
      name: "quorum_subtask_duration_seconds",
      help: "Duration of each sub-task attempt run in this process, by step and outcome (completed, failed).",
      labelNames: ["step", "outcome"],
      buckets: subtaskDurationBuckets,
    }),
    queueWait: registry.histogram({
      name: "quorum_queue_wait_seconds",
      help: "Time a sub-task was ready in its queue before this process took it (first attempts).",
      labelNames: ["queue", "step"],
      buckets: jobWaitBuckets,
    }),
  };
}
