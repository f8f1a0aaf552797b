import { QueueEvents, type Job } from "bullmq";
import type { Logger } from "pino";
import { updateCheckRun } from "../publish/index.ts";
import {
  reviewQueueName,
  toJobIds,
  toTaskState,
  type ReviewJobData,
  type ReviewQueues,
} from "../queue/index.ts";
import type { GitHubGateway } from "./github-gateway.ts";
import { renderRunGraph, type TaskState } from "./render-run-graph.ts";

export interface ProgressReporterOptions {
  readonly queues: ReviewQueues;
  readonly github: GitHubGateway;
  readonly logger: Logger;
  /** Least time between two check-run updates of one run, to spare GitHub's rate limit. Default: 2000 ms. */
  readonly minIntervalMs?: number;
}

export interface ProgressReporter {
  close(): Promise<void>;
}

/** How soon a report that found the check run locked by another tries again. */
const lockRetryMs = 200;

/**
 * Moves the check run as review sub-tasks finish ("5/9 sub-tasks done" and the DAG). It runs on
 * the control side, so model workers never need GitHub access, and reads counts from BullMQ itself,
 * so two control processes reporting the same event write the same thing.
 */
export async function startProgressReporter(options: ProgressReporterOptions): Promise<ProgressReporter> {
  const { queues, github, logger } = options;
  const minIntervalMs = options.minIntervalMs ?? 2_000;
  const lastUpdate = new Map<string, number>();
  const trailing = new Map<string, NodeJS.Timeout>();
  // QueueEvents blocks on its connection, so it needs one of its own. Given options rather than a
  // client, BullMQ opens just that one (a client would only be duplicated) and closes it with `close`.
  const events = new QueueEvents(reviewQueueName, {
    connection: { url: queues.settings.redisUrl, maxRetriesPerRequest: null },
    prefix: queues.settings.prefix,
  });

  /** One more report for the run later, however many events arrive meanwhile. */
  function reportLater(runId: string, jobId: string, delayMs: number): void {
    if (trailing.has(runId)) return;
    trailing.set(
      runId,
      setTimeout(() => {
        trailing.delete(runId);
        reportSafely(jobId);
      }, delayMs),
    );
  }

  async function report(jobId: string): Promise<void> {
    const job = (await queues.review.getJob(jobId)) as Job<ReviewJobData> | undefined;
    if (!job) return;
    const { run } = job.data;
    const ids = toJobIds(run.runId);
    const fuse = await queues.control.getJob(ids.fuse);
    // Once every review is done, fuse and publish own the check run (and `finalize` it, so a
    // late progress update can never overwrite the result).
    if (!fuse || (await fuse.getState()) !== "waiting-children") return;
    const wait = (lastUpdate.get(run.runId) ?? 0) + minIntervalMs - Date.now();
    if (wait > 0) {
      // Too soon after the last update: report once more when the interval ends, so the newest
      // count still shows.
      reportLater(run.runId, jobId, wait);
      return;
    }
    const octokit = await github.forInstallation(run.pr.installationId);
    const wrote = await queues.runs.tryWithCheckRunLock(run.runId, async () => {
      // Counted under the lock, so a slower report can never write an older count over a newer one.
      const { processed = 0, unprocessed = 0, ignored = 0, failed = 0 } = await fuse.getDependenciesCount();
      const total = processed + unprocessed + ignored + failed;
      const children = await Promise.all(
        ((fuse.data as { reviewTasks?: { id: string; chunkId: string }[] }).reviewTasks ?? []).map(
          // The state alone (a missing job is `unknown`, so waiting), not each job's diff and report.
          async (task) => ({
            task,
            state: toTaskState(await queues.review.getJobState(ids.review(task.id))),
          }),
        ),
      );
      const chunks: Record<string, string[]> = {};
      const states: Record<string, TaskState> = {};
      for (const { task, state } of children) {
        (chunks[task.chunkId] ??= []).push(task.id);
        states[task.id] = state;
      }
      const done = processed + ignored + failed;
      await updateCheckRun(octokit, {
        owner: run.pr.owner,
        repo: run.pr.repo,
        checkRunId: run.checkRunId,
        title: `Reviewing: ${done}/${total} sub-tasks done`,
        summary: `${done} of ${total} review sub-tasks have finished; fusion and the review follow.`,
        text: renderRunGraph({ chunks, states, fuse: "waiting", publish: "waiting" }),
      });
      lastUpdate.set(run.runId, Date.now());
    });
    // Another report held the check run: try again shortly (it stops by itself once fusion starts).
    if (!wrote) reportLater(run.runId, jobId, lockRetryMs);
  }

  function reportSafely(jobId: string): void {
    report(jobId).catch((error: unknown) => {
      logger.warn({ job: jobId, err: error }, "could not report progress");
    });
  }

  events.on("completed", ({ jobId }) => reportSafely(jobId));
  await events.waitUntilReady();
  return {
    async close() {
      for (const timer of trailing.values()) clearTimeout(timer);
      trailing.clear();
      await events.close();
    },
  };
}
