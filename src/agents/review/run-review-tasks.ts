import type { Logger } from "pino";
import type { AgentReport, ReviewPlan, ReviewTask } from "../../domain/index.ts";
import type { ModelPool } from "../../pool/index.ts";
import { runReviewAgent } from "./run-review-agent.ts";

export interface RunReviewTasksInput {
  readonly plan: ReviewPlan;
  readonly pool: ModelPool;
  readonly logger: Logger;
  /** Called as each task finishes, with the files of its chunk (progress display). */
  readonly onTaskDone?: ((done: number, total: number, files: readonly string[]) => void) | undefined;
}

/**
 * Every review task of a plan, at once, on the pool (which queues what its instances cannot take):
 * the reports fusion needs, in the plan's task order. Outside the queue: `quorum review` and the eval.
 */
export async function runReviewTasks(input: RunReviewTasksInput): Promise<AgentReport[]> {
  const { plan, pool, logger } = input;
  const chunks = new Map(plan.chunks.map((chunk) => [chunk.id, chunk]));
  const tasks = plan.tasks.filter((task): task is ReviewTask => task.kind === "review");
  let done = 0;
  return Promise.all(
    tasks.map(async (task) => {
      const chunk = chunks.get(task.chunkId);
      if (!chunk) throw new Error(`plan is inconsistent: unknown chunk ${task.chunkId}`);
      const report = await runReviewAgent({ pool, chunk, task, logger: logger.child({ task: task.id }) });
      input.onTaskDone?.(
        ++done,
        tasks.length,
        chunk.files.map((file) => file.path),
      );
      return report;
    }),
  );
}
