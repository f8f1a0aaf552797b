import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { AgentReport, FusedReview } from "../domain/index.ts";
import { githubAwareBackoff } from "./compute-backoff.ts";
import { createRedisConnection } from "./create-redis-connection.ts";
import type {
  FixJobData,
  FixJobResult,
  FuseJobData,
  TestsJobData,
  PrepareJobData,
  PrepareJobResult,
  PublishJobData,
  PublishJobResult,
  ReviewJobData,
} from "./job-data.ts";
import { controlQueueName, fixQueueName, jobNames, reviewQueueName } from "./queue-names.ts";
import type { QueueSettings } from "./review-queues.ts";

/** What each job does; supplied by the pipeline so this folder only knows BullMQ. */
export interface JobProcessors {
  prepare(job: Job<PrepareJobData>): Promise<PrepareJobResult>;
  review(job: Job<ReviewJobData>, signal: AbortSignal | undefined): Promise<AgentReport>;
  fuse(job: Job<FuseJobData>): Promise<FusedReview>;
  /** Present on workers whose pool serves `fix` and that have a sandbox. */
  fix?(job: Job<FixJobData>, signal: AbortSignal | undefined): Promise<FixJobResult>;
  /** Test generation runs on the same workers as fixes (it needs the sandbox too). */
  tests?(job: Job<TestsJobData>, signal: AbortSignal | undefined): Promise<FixJobResult>;
  publish(job: Job<PublishJobData>): Promise<PublishJobResult>;
  /** Called once when a control job has failed for good (no attempts left), e.g. to close the check run. */
  giveUp?(job: Job, error: Error): Promise<void>;
}

export interface WorkerOptions {
  readonly settings: QueueSettings;
  readonly processors: JobProcessors;
  readonly logger: Logger;
  /** Run control jobs (prepare, fuse, publish). Default: true. */
  readonly control?: boolean;
  /** Run model jobs; needs a pool. Default: true. */
  readonly review?: boolean;
  /** Run fix jobs (needs `processors.fix`). Default: false. */
  readonly fix?: boolean;
  /** Model jobs at once; match the pool's instance count so every instance is busy. Default: 1. */
  readonly reviewConcurrency?: number;
  /** Control jobs at once. Default: 4. */
  readonly controlConcurrency?: number;
  /** Shown as the job's `processedBy`. Default: BullMQ's (none). */
  readonly name?: string;
  /**
   * How long a job's lock lives without renewal; a worker that dies (kill -9) loses its jobs to
   * the others after about this long. Default: 30000 ms.
   */
  readonly lockDurationMs?: number;
}

export interface QuorumWorkers {
  readonly workers: readonly Worker[];
  /** Stop taking jobs, let running ones finish (up to `graceMs`, default 60 s), then close connections. */
  close(graceMs?: number): Promise<void>;
}

/** A failure that retrying cannot fix is marked so BullMQ does not retry it. */
function markUnrecoverable(error: unknown): never {
  if (error instanceof Error && "retryable" in error && error.retryable === false) {
    const unrecoverable = new UnrecoverableError(error.message);
    unrecoverable.cause = error;
    throw unrecoverable;
  }
  throw error;
}

export async function startQuorumWorkers(options: WorkerOptions): Promise<QuorumWorkers> {
  const { settings, processors, logger } = options;
  const workers: Worker[] = [];
  const connections: Redis[] = [];
  const lockDuration = options.lockDurationMs ?? 30_000;
  const common = {
    prefix: settings.prefix,
    // GitHub's rate limits say when to retry; other 4xx are not retried at all.
    settings: { backoffStrategy: githubAwareBackoff },
    lockDuration,
    stalledInterval: lockDuration,
    ...(options.name === undefined ? {} : { name: options.name }),
  };

  if (options.control ?? true) {
    const connection = createRedisConnection(settings.redisUrl, "worker");
    connections.push(connection);
    const worker = new Worker(
      controlQueueName,
      async (job: Job) => {
        try {
          switch (job.name) {
            case jobNames.prepare:
              return await processors.prepare(job as Job<PrepareJobData>);
            case jobNames.fuse:
              return await processors.fuse(job as Job<FuseJobData>);
            case jobNames.publish:
              return await processors.publish(job as Job<PublishJobData>);
            default:
              throw new UnrecoverableError(`unknown control job ${job.name}`);
          }
        } catch (error) {
          return markUnrecoverable(error);
        }
      },
      { ...common, connection, concurrency: options.controlConcurrency ?? 4 },
    );
    worker.on("failed", (job, error) => {
      if (!job) return;
      // BullMQ sets finishedOn once a job fails for good: unrecoverable, out of attempts, or the
      // backoff refused another try (a GitHub 4xx), which attemptsMade alone does not show.
      const final = error instanceof UnrecoverableError || job.finishedOn !== undefined;
      logger.warn(
        { job: job.id, name: job.name, attempt: job.attemptsMade, final, err: error },
        "control job failed",
      );
      if (final && processors.giveUp) {
        processors.giveUp(job, error).catch((giveUpError: unknown) => {
          logger.error({ job: job.id, err: giveUpError }, "could not report a failed run");
        });
      }
    });
    workers.push(worker);
  }

  if (options.review ?? true) {
    const connection = createRedisConnection(settings.redisUrl, "worker");
    connections.push(connection);
    const worker = new Worker(
      reviewQueueName,
      async (job: Job<ReviewJobData>, _token?: string, signal?: AbortSignal) => {
        try {
          return await processors.review(job, signal);
        } catch (error) {
          return markUnrecoverable(error);
        }
      },
      { ...common, connection, concurrency: options.reviewConcurrency ?? 1 },
    );
    worker.on("failed", (job, error) => {
      logger.warn({ job: job?.id, attempt: job?.attemptsMade, err: error }, "review job failed");
    });
    workers.push(worker);
  }

  if (options.fix === true && processors.fix) {
    const runFix = processors.fix.bind(processors);
    const runTests = processors.tests?.bind(processors);
    const connection = createRedisConnection(settings.redisUrl, "worker");
    connections.push(connection);
    const worker = new Worker(
      fixQueueName,
      async (job: Job<FixJobData>, _token?: string, signal?: AbortSignal) => {
        try {
          if (job.name === jobNames.tests) {
            if (!runTests) throw new UnrecoverableError("this worker cannot generate tests");
            return await runTests(job as unknown as Job<TestsJobData>, signal);
          }
          return await runFix(job, signal);
        } catch (error) {
          return markUnrecoverable(error);
        }
      },
      // One fix at a time: it runs several agents and the repository's tests already.
      { ...common, connection, concurrency: 1 },
    );
    worker.on("failed", (job, error) => {
      logger.warn({ job: job?.id, attempt: job?.attemptsMade, err: error }, "fix job failed");
    });
    workers.push(worker);
  }

  for (const worker of workers) {
    worker.on("error", (error) => logger.error({ queue: worker.name, err: error }, "worker error"));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  return {
    workers,
    async close(graceMs = 60_000) {
      // Finish running jobs; past the grace period hand them back (they stall and another
      // worker picks them up) rather than hang the shutdown.
      const closing = Promise.allSettled(workers.map((w) => w.close()));
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<"expired">((resolve) => {
        timer = setTimeout(() => resolve("expired"), graceMs);
      });
      if ((await Promise.race([closing, expired])) === "expired") {
        logger.warn({ graceMs }, "jobs still running at the end of the grace period: handing them back");
        await Promise.allSettled(workers.map((w) => w.close(true)));
      }
      clearTimeout(timer);
      for (const connection of connections) connection.disconnect();
    },
  };
}
