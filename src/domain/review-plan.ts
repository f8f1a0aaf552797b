import type { ChangedFile } from "./changed-file.ts";

export interface SkippedFile {
  readonly path: string;
  readonly reason: "binary" | "too-large" | "removed" | "no-patch" | "ignored" | "clipped";
  readonly detail?: string | undefined;
}

/** A group of files reviewed together by one agent call. Patches may be clipped to fit the budget. */
export interface ReviewChunk {
  readonly id: string;
  readonly files: readonly ChangedFile[];
  readonly estimatedTokens: number;
}

export interface TaskBudget {
  readonly maxTokens: number;
  readonly timeoutMs: number;
}

export interface ReviewTask {
  readonly kind: "review";
  readonly id: string;
  readonly chunkId: string;
  readonly reviewer: string;
  /** Index of the reviewer slot: agents use it to vary sampling (seed, temperature). */
  readonly reviewerIndex: number;
  readonly budget: TaskBudget;
}

export interface FuseTask {
  readonly kind: "fuse";
  readonly id: string;
  readonly dependsOn: readonly string[];
}

export interface PublishTask {
  readonly kind: "publish";
  readonly id: string;
  readonly dependsOn: readonly string[];
}

export type PlanTask = ReviewTask | FuseTask | PublishTask;

/** The DAG: review tasks (leaves) → one fuse task → one publish task (root). */
export interface ReviewPlan {
  readonly chunks: readonly ReviewChunk[];
  readonly tasks: readonly PlanTask[];
  readonly skipped: readonly SkippedFile[];
  readonly reviewers: number;
}
