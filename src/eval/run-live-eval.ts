import type { Logger } from "pino";
import { runReviewTasks } from "../agents/index.ts";
import type { Usage } from "../domain/index.ts";
import { fuseReviews, sumUsage, type FuseOptions } from "../fuse/index.ts";
import { planReview, type PlanOptions } from "../plan/index.ts";
import type { ModelPool } from "../pool/index.ts";
import type { EvalCase } from "./eval-case.ts";
import { compareFusedWithSingle, type AgentResult, type FusedVersusSingle } from "./run-scripted-eval.ts";
import { addCaseScores, scoreCase } from "./score-case.ts";
import { computeScores, type Scores } from "./score-findings.ts";

export interface LiveEvalInput {
  readonly cases: readonly EvalCase[];
  readonly pool: ModelPool;
  readonly logger: Logger;
  /** Plan options, e.g. `reviewers`. Default: the planner's defaults (3 reviewers). */
  readonly plan?: Partial<PlanOptions> | undefined;
  /** Fuse options. Default: the fuser's defaults (majority). */
  readonly fuse?: Partial<FuseOptions> | undefined;
  /** Called after each case, for progress display. */
  readonly onCase?: ((done: number, total: number, name: string) => void) | undefined;
}

export interface LiveEvalResult {
  readonly agents: readonly AgentResult[];
  readonly fused: Scores;
  readonly fusedVersusSingle: FusedVersusSingle;
  /** Review sub-tasks that failed (timeouts, unusable output), out of `tasks`. */
  readonly failedTasks: number;
  readonly tasks: number;
  readonly usage: Usage;
}

/**
 * Runs the configured pool over the evaluation set the way a pull request is reviewed: each case
 * is planned, every review task runs through `runReviewAgent` on the pool, and the reports are
 * fused with `fuseReviews`. Cases run one after another (each case's tasks in parallel, as the
 * queue would), so the pool's instances are the only concurrency. Reviewer slots are scored as
 * "agents": a slot is one model instance's sampling settings, the same for every case.
 */
export async function runLiveEval(input: LiveEvalInput): Promise<LiveEvalResult> {
  const scores = [];
  const usages: Usage[] = [];
  let failedTasks = 0;
  let tasks = 0;
  for (const [index, evalCase] of input.cases.entries()) {
    const plan = planReview(evalCase.files, input.plan);
    const reports = await runReviewTasks({
      plan,
      pool: input.pool,
      logger: input.logger.child({ case: evalCase.name }),
    });
    const fused = fuseReviews(reports, { ...input.fuse, skippedFiles: plan.skipped });
    scores.push(scoreCase(evalCase, reports, fused));
    usages.push(...reports.map((report) => report.usage));
    failedTasks += reports.filter((report) => report.status === "failed").length;
    tasks += reports.length;
    input.onCase?.(index + 1, input.cases.length, evalCase.name);
  }
  const total = addCaseScores(scores);
  const agents: AgentResult[] = [...total.agents].map(([reviewer, counts]) => ({
    reviewer,
    kind: "model",
    scores: computeScores(counts),
  }));
  const fused = computeScores(total.fused);
  return {
    agents,
    fused,
    fusedVersusSingle: compareFusedWithSingle(agents, fused),
    failedTasks,
    tasks,
    usage: sumUsage(usages),
  };
}
