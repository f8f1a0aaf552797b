import type { TaskState } from "../pipeline/index.ts";

/**
 * A sub-task's place in its run, in the vocabulary of the check run's graph, plus `removed`: the
 * job is gone from the queue (cancelled) although its run is still listed.
 */
export type NodeState = TaskState | "removed";

export type TaskKind = "plan" | "review" | "fuse" | "publish" | "fix" | "tests";

/** One sub-task (one BullMQ job) of a run. Times are epoch milliseconds. */
export interface TaskView {
  /** The plan's task id for reviews (`review:c1:r2`); the kind for the others. */
  readonly id: string;
  readonly kind: TaskKind;
  readonly chunkId?: string | undefined;
  readonly state: NodeState;
  /** BullMQ's own state name, e.g. `waiting-children` or `delayed`. */
  readonly jobState: string;
  readonly attempts: number;
  /** When the job was added. */
  readonly queuedAt?: number | undefined;
  /** When its last attempt started. */
  readonly startedAt?: number | undefined;
  readonly finishedAt?: number | undefined;
  /** The worker that took it (QUORUM_WORKER_NAME). */
  readonly worker?: string | undefined;
  readonly failedReason?: string | undefined;
}

export type RunKind = "review" | "fix" | "tests";
export type RunStatus = "queued" | "running" | "done" | "failed" | "cancelled" | "skipped";

/** A review (prepare → review × N → fuse → publish) or a single fix or tests job. */
export interface RunView {
  /** The review's run id, or the fix/tests job id. */
  readonly id: string;
  readonly kind: RunKind;
  readonly owner: string;
  readonly repo: string;
  /** The pull request (review, tests) or issue (fix) number. */
  readonly number: number;
  /** Its page on GitHub (or GitHub Enterprise Server). */
  readonly url: string;
  readonly title?: string | undefined;
  /** What started it: the webhook action, `command` or `label`. */
  readonly trigger: string;
  readonly headSha?: string | undefined;
  readonly checkRunUrl?: string | undefined;
  readonly status: RunStatus;
  /** Why it ended the way it did, when that says more than the status. */
  readonly detail?: string | undefined;
  readonly startedAt: number;
  readonly finishedAt?: number | undefined;
  readonly tasks: readonly TaskView[];
}

export function isFinished(run: Pick<RunView, "status">): boolean {
  return run.status !== "queued" && run.status !== "running";
}
