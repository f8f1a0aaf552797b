import type { Job } from "bullmq";
import type { PullRequestRef } from "../domain/index.ts";
import {
  computeRunId,
  jobNames,
  toJobIds,
  type FuseJobData,
  type PrepareJobData,
  type PublishJobData,
  type ReviewQueues,
} from "../queue/index.ts";

export type TaskKind = "plan" | "review" | "fuse" | "publish";

/** One sub-task of a run as BullMQ holds it. `removed` means the job is gone (cancelled or expired). */
export interface RunTask {
  readonly kind: TaskKind;
  /** The plan's task id, e.g. `review:c1:r2`; `plan`, `fuse`, `publish` for the others. */
  readonly id: string;
  readonly chunkId?: string | undefined;
  readonly state: string;
  readonly attempts: number;
  readonly failedReason?: string | undefined;
}

export interface RunDescription {
  readonly runId: string;
  readonly headSha: string;
  /** Planning (the prepare job), when it was found among the recent jobs. */
  readonly plan: RunTask | undefined;
  /** Review, fuse and publish tasks; empty until planning has built the DAG. */
  readonly tasks: readonly RunTask[];
  readonly checkRunId: number | undefined;
}

/** How many recent control jobs are searched for a run's planning job. */
const planSearchDepth = 200;

/**
 * The run for a pull request's head, read from BullMQ: its planning job and, once planned, every
 * review, fuse and publish job with its state. Undefined when Quorum has no record of a run for
 * that head (never requested, or finished more than a day ago).
 */
export async function describeRun(
  queues: ReviewQueues,
  pr: PullRequestRef,
): Promise<RunDescription | undefined> {
  const runId = computeRunId(pr);
  const ids = toJobIds(runId);
  const plan = await findPlanJob(queues, pr);
  const publish = (await queues.control.getJob(ids.publish)) as Job<PublishJobData> | undefined;
  if (publish === undefined) {
    if (plan === undefined) return undefined;
    return {
      runId,
      headSha: pr.headSha,
      plan: await toTask("plan", "plan", plan),
      tasks: [],
      checkRunId: planCheckRun(plan),
    };
  }
  const fuse = (await queues.control.getJob(ids.fuse)) as Job<FuseJobData> | undefined;
  const reviewTasks = fuse?.data.reviewTasks ?? [];
  const reviews = await Promise.all(
    reviewTasks.map(async (task) => {
      const job = await queues.review.getJob(ids.review(task.id));
      return toTask("review", task.id, job, task.chunkId);
    }),
  );
  return {
    runId,
    headSha: pr.headSha,
    plan: plan === undefined ? undefined : await toTask("plan", "plan", plan),
    tasks: [...reviews, await toTask("fuse", "fuse", fuse), await toTask("publish", "publish", publish)],
    checkRunId: publish.data.run.checkRunId,
  };
}

async function toTask(kind: TaskKind, id: string, job: Job | undefined, chunkId?: string): Promise<RunTask> {
  if (job === undefined) return { kind, id, chunkId, state: "removed", attempts: 0 };
  const state = await job.getState();
  return {
    kind,
    id,
    chunkId,
    state,
    attempts: job.attemptsMade,
    failedReason: state === "failed" ? job.failedReason : undefined,
  };
}

function planCheckRun(job: Job<PrepareJobData>): number | undefined {
  return job.data.checkRunId;
}

/** The newest planning job for this pull request head among the recent control jobs. */
export async function findPlanJob(
  queues: ReviewQueues,
  pr: PullRequestRef,
): Promise<Job<PrepareJobData> | undefined> {
  const recent = (await queues.control.getJobs(
    ["active", "waiting", "delayed", "prioritized", "failed", "completed"],
    0,
    planSearchDepth - 1,
  )) as Job[];
  const matches = recent.filter(
    (job): job is Job<PrepareJobData> =>
      job.name === jobNames.prepare && isSamePullRequestHead((job.data as Partial<PrepareJobData>).pr, pr),
  );
  return matches.sort((a, b) => b.timestamp - a.timestamp)[0];
}

function isSamePullRequestHead(candidate: PullRequestRef | undefined, pr: PullRequestRef): boolean {
  return (
    candidate !== undefined &&
    candidate.owner === pr.owner &&
    candidate.repo === pr.repo &&
    candidate.pullNumber === pr.pullNumber &&
    candidate.headSha === pr.headSha
  );
}
