import type { Job } from "bullmq";
import type { PullRequestRef } from "../domain/index.ts";
import {
  computeRunId,
  toJobIds,
  type FuseJobData,
  type PublishJobData,
  type ReviewQueues,
} from "../queue/index.ts";
import { findPlanJob } from "./describe-run.ts";

export interface CancelOutcome {
  readonly status: "cancelled" | "nothing-to-cancel" | "already-finished" | "too-late";
  /** Jobs removed from the queue. */
  readonly removed: number;
  /** Sub-tasks already running: they finish, but nothing they produce is published. */
  readonly stillRunning: number;
  /** The run's check run, to be marked cancelled. */
  readonly checkRunId: number | undefined;
}

export interface CancelOptions {
  /** Also clear a run that failed, so the same head can be reviewed again. Default: false. */
  readonly clearFailed?: boolean | undefined;
  /**
   * Why, recorded in the run registry: running model calls of the run are aborted and any of its
   * jobs that still start skip their work. Default: none (only queued jobs are removed).
   */
  readonly reason?: string | undefined;
}

/**
 * Cancels the run of a pull request head by removing its queued jobs, top-down: publish first, so
 * whatever is still running can no longer lead to a post, then fuse, then the reviews. A running
 * job is locked by its worker and cannot be removed; with a `reason` its model calls are aborted
 * through the run registry, and it finishes into a parent that no longer exists, which BullMQ
 * ignores. A run already publishing or finished is left alone.
 */
export async function cancelRun(
  queues: ReviewQueues,
  pr: PullRequestRef,
  options: CancelOptions = {},
): Promise<CancelOutcome> {
  const runId = computeRunId(pr);
  const ids = toJobIds(runId);
  let removed = 0;
  let stillRunning = 0;
  const tryRemove = async (job: Job | undefined): Promise<boolean> => {
    if (job === undefined) return false;
    try {
      await job.remove({ removeChildren: false });
      removed += 1;
      return true;
    } catch {
      // Locked by the worker running it (or gone meanwhile): it cannot be taken back.
      stillRunning += 1;
      return false;
    }
  };

  const plan = await findPlanJob(queues, pr);
  const planState = plan === undefined ? undefined : await plan.getState();
  const planCheckRunId = plan?.data.checkRunId;
  if (
    plan !== undefined &&
    (planState === "waiting" || planState === "delayed" || planState === "prioritized")
  ) {
    await tryRemove(plan);
  } else if (planState === "active") {
    stillRunning += 1;
  }

  const publish = (await queues.control.getJob(ids.publish)) as Job<PublishJobData> | undefined;
  if (publish === undefined) {
    const status = removed > 0 ? "cancelled" : stillRunning > 0 ? "too-late" : "nothing-to-cancel";
    return { status, removed, stillRunning, checkRunId: planCheckRunId };
  }
  const checkRunId = publish.data.run.checkRunId;
  const publishState = await publish.getState();
  if (publishState === "completed" || (publishState === "failed" && options.clearFailed !== true)) {
    return { status: "already-finished", removed, stillRunning, checkRunId };
  }
  if (publishState === "active" || !(await tryRemove(publish))) {
    return { status: "too-late", removed, stillRunning: Math.max(stillRunning, 1), checkRunId };
  }

  // Flag first: a review that starts or is running while we remove the others stops its model calls.
  if (options.reason !== undefined) await queues.runs.cancel(runId, options.reason);
  const fuse = (await queues.control.getJob(ids.fuse)) as Job<FuseJobData> | undefined;
  const reviewTasks = fuse?.data.reviewTasks ?? [];
  await tryRemove(fuse);
  for (const task of reviewTasks) await tryRemove(await queues.review.getJob(ids.review(task.id)));
  return { status: "cancelled", removed, stillRunning, checkRunId };
}
