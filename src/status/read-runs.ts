import type { Job, JobType } from "bullmq";
import {
  computeRunId,
  jobNames,
  toJobIds,
  toTaskState,
  type FixJobData,
  type FixJobResult,
  type FuseJobData,
  type PrepareJobData,
  type PrepareJobResult,
  type PublishJobData,
  type PublishJobResult,
  type ReviewQueues,
  type RunContext,
  type TestsJobData,
} from "../queue/index.ts";
import { buildGitHubLink } from "./github-web-url.ts";
import {
  isFinished,
  type NodeState,
  type RunStatus,
  type RunView,
  type TaskKind,
  type TaskView,
} from "./run-view.ts";

const listedStates: JobType[] = [
  "active",
  "waiting",
  "waiting-children",
  "delayed",
  "prioritized",
  "completed",
  "failed",
];

/** Control jobs per review run (prepare, fuse, publish, and a redelivery or two): how far to look back. */
const controlJobsPerRun = 4;

export interface ReadRunsOptions {
  readonly queues: ReviewQueues;
  /** Base of the links to GitHub: `readGitHubWebUrl`. */
  readonly githubUrl: string;
  /** Runs returned: every unfinished one first, then the most recently finished. Default: 20. */
  readonly limit?: number;
}

type AnyJob = Job<unknown, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function hasPullRequest(data: unknown): data is PrepareJobData {
  return isRecord(data) && isRecord(data.pr) && typeof data.pr.headSha === "string";
}

function hasRun(data: unknown): data is { run: RunContext } {
  return isRecord(data) && isRecord(data.run) && typeof data.run.runId === "string";
}

async function toTaskView(
  job: AnyJob | undefined,
  identity: { id: string; kind: TaskKind; chunkId?: string },
): Promise<TaskView> {
  if (job === undefined) return { ...identity, state: "removed", jobState: "removed", attempts: 0 };
  const jobState = await job.getState();
  return {
    ...identity,
    state: toTaskState(jobState),
    jobState,
    attempts: job.attemptsMade,
    queuedAt: job.timestamp,
    startedAt: job.processedOn ?? undefined,
    finishedAt: job.finishedOn ?? undefined,
    worker: job.processedBy ?? undefined,
    failedReason: jobState === "failed" ? job.failedReason : undefined,
  };
}

/** Review runs named by the control jobs, each with its planning jobs (several for a redelivery). */
function collectReviewRuns(jobs: readonly AnyJob[]): Map<string, Job<PrepareJobData, PrepareJobResult>[]> {
  const runs = new Map<string, Job<PrepareJobData, PrepareJobResult>[]>();
  for (const job of jobs) {
    if (job.name === jobNames.prepare && hasPullRequest(job.data)) {
      const runId = computeRunId(job.data.pr);
      runs.set(runId, [...(runs.get(runId) ?? []), job as Job<PrepareJobData, PrepareJobResult>]);
    } else if (hasRun(job.data) && !runs.has(job.data.run.runId)) {
      runs.set(job.data.run.runId, []);
    }
  }
  return runs;
}

/** The delivery that planned the run, rather than a redelivery that found it already planned. */
function pickPlanJob(
  plans: readonly Job<PrepareJobData, PrepareJobResult>[],
): Job<PrepareJobData, PrepareJobResult> | undefined {
  const newest = [...plans].sort((a, b) => b.timestamp - a.timestamp);
  const outcome = (job: Job<PrepareJobData, PrepareJobResult>): string | undefined =>
    (job.returnvalue as PrepareJobResult | null | undefined)?.status;
  return (
    newest.find((job) => outcome(job) === "planned") ??
    newest.find((job) => outcome(job) !== "duplicate") ??
    newest[0]
  );
}

function summariseReview(
  tasks: readonly TaskView[],
  planOutcome: string | undefined,
  published: PublishJobResult | undefined,
  cancelledReason: string | null,
): Pick<RunView, "status" | "detail"> {
  const plan = tasks.find((t) => t.kind === "plan");
  const publish = tasks.find((t) => t.kind === "publish");
  if (publish?.state === "done") {
    const posted = published?.reviewId ?? null;
    return {
      status: "done",
      detail:
        posted === null
          ? "no review posted (nothing new)"
          : `review posted, ${published?.inlineComments ?? 0} inline comment(s)`,
    };
  }
  if (publish?.state === "failed") return { status: "failed", detail: publish.failedReason };
  if (plan?.state === "failed") return { status: "failed", detail: plan.failedReason };
  if (publish === undefined && plan?.state === "done") {
    return planOutcome === "planned"
      ? { status: "cancelled", detail: "its jobs were removed" }
      : { status: "skipped", detail: planOutcome };
  }
  if (cancelledReason !== null) return { status: "cancelled", detail: cancelledReason };
  if (tasks.some((t) => t.state === "removed"))
    return { status: "cancelled", detail: "its jobs were removed" };
  const started = tasks.some((t) => t.state !== "waiting" || t.startedAt !== undefined);
  return { status: started ? "running" : "queued" };
}

function spanOf(tasks: readonly TaskView[], finished: boolean): Pick<RunView, "startedAt" | "finishedAt"> {
  const queued = tasks.flatMap((t) => (t.queuedAt === undefined ? [] : [t.queuedAt]));
  const ended = tasks.flatMap((t) => (t.finishedAt === undefined ? [] : [t.finishedAt]));
  return {
    startedAt: queued.length > 0 ? Math.min(...queued) : Date.now(),
    finishedAt: finished && ended.length > 0 ? Math.max(...ended) : undefined,
  };
}

async function readReviewRun(
  options: ReadRunsOptions,
  runId: string,
  plans: readonly Job<PrepareJobData, PrepareJobResult>[],
  listed: ReadonlyMap<string | undefined, AnyJob>,
): Promise<RunView | undefined> {
  const { queues, githubUrl } = options;
  const ids = toJobIds(runId);
  // Most fuse and publish jobs came with the listing already; only older ones are fetched.
  const controlJob = async (id: string): Promise<AnyJob | undefined> =>
    listed.get(id) ?? ((await queues.control.getJob(id)) as AnyJob | undefined);
  const [publish, fuse] = (await Promise.all([controlJob(ids.publish), controlJob(ids.fuse)])) as [
    Job<PublishJobData, PublishJobResult> | undefined,
    Job<FuseJobData> | undefined,
  ];
  const plan = pickPlanJob(plans);
  const context = publish?.data.run ?? fuse?.data.run;
  const pr = context?.pr ?? plan?.data.pr;
  if (pr === undefined) return undefined;
  const planned = publish !== undefined || fuse !== undefined;
  const reviews = await Promise.all(
    (fuse?.data.reviewTasks ?? []).map(async (task) =>
      toTaskView((await queues.review.getJob(ids.review(task.id))) as AnyJob | undefined, {
        id: task.id,
        kind: "review",
        chunkId: task.chunkId,
      }),
    ),
  );
  const tasks: TaskView[] = [
    ...(plan === undefined ? [] : [await toTaskView(plan, { id: "plan", kind: "plan" })]),
    ...(planned
      ? [
          ...reviews,
          await toTaskView(fuse as AnyJob | undefined, { id: "fuse", kind: "fuse" }),
          await toTaskView(publish, { id: "publish", kind: "publish" }),
        ]
      : []),
  ];
  const summary = summariseReview(
    tasks,
    (plan?.returnvalue as PrepareJobResult | null | undefined)?.status,
    publish?.returnvalue ?? undefined,
    await queues.runs.cancelledReason(runId),
  );
  const checkRunId = context?.checkRunId ?? plan?.data.checkRunId;
  return {
    id: runId,
    kind: "review",
    owner: pr.owner,
    repo: pr.repo,
    number: pr.pullNumber,
    url: buildGitHubLink(githubUrl, pr, "pull", pr.pullNumber),
    trigger: context?.trigger ?? plan?.data.trigger ?? "unknown",
    headSha: pr.headSha,
    checkRunUrl: checkRunId === undefined ? undefined : buildGitHubLink(githubUrl, pr, "runs", checkRunId),
    ...summary,
    ...spanOf(tasks, isFinished(summary)),
    tasks,
  };
}

function describeFixResult(result: FixJobResult | null | undefined): string | undefined {
  if (!isRecord(result)) return undefined;
  if (result.kind === "pull-request") return `draft pull request #${result.number}`;
  if (result.kind === "comment") return "reported in a comment";
  return "stopped: the pull request's head moved";
}

const singleJobStatus: Readonly<Record<NodeState, RunStatus>> = {
  waiting: "queued",
  active: "running",
  done: "done",
  failed: "failed",
  removed: "cancelled",
};

/** A fix or tests job: a run of one sub-task. */
async function readSingleRun(githubUrl: string, job: AnyJob): Promise<RunView | undefined> {
  const data = job.data;
  let subject: Pick<RunView, "kind" | "owner" | "repo" | "number" | "url" | "title" | "headSha">;
  if (job.name === jobNames.fix && isRecord(data) && isRecord(data.issue)) {
    const fix = data as unknown as FixJobData;
    const section = fix.pullRequest === undefined ? "issues" : "pull";
    subject = {
      kind: "fix",
      owner: fix.owner,
      repo: fix.repo,
      number: fix.issue.number,
      url: buildGitHubLink(githubUrl, fix, section, fix.issue.number),
      title: fix.issue.title,
      headSha: fix.pullRequest?.ref.headSha,
    };
  } else if (job.name === jobNames.tests && isRecord(data) && isRecord(data.pullRequest)) {
    const tests = data as unknown as TestsJobData;
    subject = {
      kind: "tests",
      owner: tests.owner,
      repo: tests.repo,
      number: tests.pullRequest.number,
      url: buildGitHubLink(githubUrl, tests, "pull", tests.pullRequest.number),
      title: tests.pullRequest.title,
      headSha: tests.pullRequest.headSha,
    };
  } else {
    return undefined;
  }
  const task = await toTaskView(job, { id: subject.kind, kind: subject.kind });
  const status = singleJobStatus[task.state];
  const requestedBy = (data as { requestedBy?: unknown }).requestedBy;
  return {
    ...subject,
    id: job.id ?? `${subject.kind}-${job.timestamp}`,
    trigger: typeof requestedBy === "string" ? `requested by ${requestedBy}` : "unknown",
    status,
    detail:
      status === "done"
        ? describeFixResult(job.returnvalue as FixJobResult | null | undefined)
        : task.failedReason,
    ...spanOf([task], status === "done" || status === "failed"),
    tasks: [task],
  };
}

function byRecency(a: RunView, b: RunView): number {
  const finishedA = isFinished(a);
  if (finishedA !== isFinished(b)) return finishedA ? 1 : -1;
  return (b.finishedAt ?? b.startedAt) - (a.finishedAt ?? a.startedAt);
}

/**
 * Recent and running runs as BullMQ holds them (finished jobs are kept a day): each sub-task with
 * its state, the worker that took it and its queued/started/finished times.
 */
export async function readRuns(options: ReadRunsOptions): Promise<RunView[]> {
  const { queues, githubUrl } = options;
  const limit = options.limit ?? 20;
  const [control, fix] = (await Promise.all([
    queues.control.getJobs(listedStates, 0, controlJobsPerRun * limit - 1),
    queues.fix.getJobs(listedStates, 0, limit - 1),
  ])) as [AnyJob[], AnyJob[]];
  const listed = new Map(control.map((job) => [job.id, job]));
  const runs = await Promise.all([
    ...[...collectReviewRuns(control)].map(([runId, plans]) => readReviewRun(options, runId, plans, listed)),
    ...fix.map((job) => readSingleRun(githubUrl, job)),
  ]);
  return runs
    .filter((run): run is RunView => run !== undefined && run.tasks.length > 0)
    .sort(byRecency)
    .slice(0, limit);
}
