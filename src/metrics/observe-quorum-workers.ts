import type { Job, Worker } from "bullmq";
import type { Logger } from "pino";
import {
  jobNames,
  type PrepareJobResult,
  type PublishJobData,
  type PublishJobResult,
  type RunRegistry,
} from "../queue/index.ts";
import type { RunMetrics } from "./register-run-metrics.ts";

type Step = "prepare" | "review" | "fuse" | "publish" | "fix" | "tests";

const steps: Readonly<Record<string, Step>> = {
  [jobNames.prepare]: "prepare",
  [jobNames.review]: "review",
  [jobNames.fuse]: "fuse",
  [jobNames.publish]: "publish",
  [jobNames.fix]: "fix",
  [jobNames.tests]: "tests",
};

/** The run a step's final failure ends; a review sub-task that fails for good only abstains. */
const runKindOnFailure: Partial<Record<Step, "review" | "fix" | "tests">> = {
  prepare: "review",
  fuse: "review",
  publish: "review",
  fix: "fix",
  tests: "tests",
};

/**
 * Fuse and publish wait for their children, not for a worker: from their creation to their start
 * is the run's duration, so only steps that are ready when queued count as queue wait.
 */
const stepsReadyWhenQueued: ReadonlySet<Step> = new Set(["prepare", "review", "fix", "tests"]);

export interface ObserveWorkersOptions {
  readonly metrics: RunMetrics;
  /** Tells a publish that closed a cancelled run from one that completed it. */
  readonly runs: Pick<RunRegistry, "cancelledReason">;
  readonly logger: Logger;
}

/**
 * Counts sub-tasks and runs as this process's BullMQ workers finish them. Each job is counted once,
 * by the process that ran it, so with several workers the cluster's totals are the sum over
 * processes (see README.md in this folder for why not QueueEvents).
 */
export function observeQuorumWorkers(workers: readonly Worker[], options: ObserveWorkersOptions): void {
  const { metrics, runs, logger } = options;
  const stepOf = (job: Job): Step | undefined => steps[job.name];

  const recordDuration = (job: Job, outcome: "completed" | "failed"): void => {
    const step = stepOf(job);
    if (step === undefined || job.processedOn === undefined) return;
    // A failed attempt that will be retried has no `finishedOn`: it ended just now.
    const seconds = ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000;
    metrics.subtaskDuration.observe({ step, outcome }, Math.max(0, seconds));
  };

  const recordRunEnd = async (job: Job, result: unknown): Promise<void> => {
    const step = stepOf(job);
    if (step === "prepare") {
      // A planned run goes on in its flow; any other status ends it here.
      const { status } = result as PrepareJobResult;
      if (status !== "planned") metrics.runs.inc({ kind: "review", outcome: status });
    } else if (step === "publish") {
      const { reviewId } = result as PublishJobResult;
      const { run } = job.data as PublishJobData;
      const cancelled = reviewId === null && (await runs.cancelledReason(run.runId)) !== null;
      metrics.runs.inc({ kind: "review", outcome: cancelled ? "cancelled" : "completed" });
    } else if (step === "fix" || step === "tests") {
      metrics.runs.inc({ kind: step, outcome: "completed" });
    }
  };

  for (const worker of workers) {
    worker.on("active", (job: Job) => {
      const step = stepOf(job);
      // A retry's wait includes its backoff, and BullMQ keeps no record of when it became ready.
      if (step === undefined || !stepsReadyWhenQueued.has(step) || job.attemptsStarted > 1) return;
      if (job.processedOn === undefined) return;
      const readyAt = job.timestamp + (job.opts.delay ?? 0);
      metrics.queueWait.observe({ queue: worker.name, step }, Math.max(0, job.processedOn - readyAt) / 1000);
    });
    worker.on("completed", (job: Job, result: unknown) => {
      recordDuration(job, "completed");
      recordRunEnd(job, result).catch((error: unknown) => {
        logger.warn({ job: job.id, err: error }, "could not count the finished run");
      });
    });
    worker.on("failed", (job: Job | undefined) => {
      if (!job) return;
      recordDuration(job, "failed");
      // BullMQ stamps `finishedOn` only when the job fails for good: out of attempts, unrecoverable,
      // or a backoff that refuses to retry (a GitHub 4xx).
      const final = job.finishedOn !== undefined;
      const step = stepOf(job);
      const kind = step === undefined ? undefined : runKindOnFailure[step];
      if (final && kind !== undefined) metrics.runs.inc({ kind, outcome: "failed" });
    });
  }
}
