import type { AgentReport, ReviewTask } from "../domain/index.ts";
import { fuseReviews, type FuseOptions } from "../fuse/index.ts";
import { planReview } from "../plan/index.ts";
import type { EvalCase } from "./eval-case.ts";
import { runScriptedAgent, type ScriptedAgentProfile } from "./run-scripted-agent.ts";
import { addCaseScores, scoreCase, type CaseScore } from "./score-case.ts";
import { computeScores, type Scores } from "./score-findings.ts";

/** One configuration of scripted agents and fusion to measure. */
export interface ScriptedScenario {
  readonly name: string;
  /** One profile per reviewer slot: the first is `r1`. */
  readonly agents: readonly ScriptedAgentProfile[];
  readonly fuse: Partial<FuseOptions>;
}

export interface AgentResult {
  readonly reviewer: string;
  /** A scripted profile, or "model" for a live reviewer slot. */
  readonly kind: ScriptedAgentProfile["kind"] | "model";
  readonly scores: Scores;
}

/** The eval's headline property for one run: fusion is more precise than any one agent, and loses no recall. */
export interface FusedVersusSingle {
  /** The single agent with the best F1 (ties: precision). */
  readonly bestSingle: string;
  /** Fused precision is strictly above the best single agent's, and fused recall at least its recall. */
  readonly holds: boolean;
}

export interface ScenarioSeedResult {
  readonly seed: number;
  readonly agents: readonly AgentResult[];
  readonly fused: Scores;
  readonly fusedVersusSingle: FusedVersusSingle;
}

export interface ScenarioResult {
  readonly scenario: ScriptedScenario;
  readonly seeds: readonly ScenarioSeedResult[];
  /** Micro-averaged over all seeds: counts added up, then scored. */
  readonly overall: Omit<ScenarioSeedResult, "seed">;
}

/**
 * Runs a scenario over the cases for each seed, through the real planner and `fuseReviews`: each
 * case is planned into chunks, every reviewer slot reviews every chunk with its scripted profile,
 * and the reports are fused with the scenario's options. Deterministic for given inputs.
 */
export function runScriptedScenario(
  cases: readonly EvalCase[],
  scenario: ScriptedScenario,
  seeds: readonly number[],
  lineTolerance?: number,
): ScenarioResult {
  const perSeed: { seed: number; score: CaseScore }[] = seeds.map((seed) => ({
    seed,
    score: addCaseScores(cases.map((evalCase) => runCase(evalCase, scenario, seed, lineTolerance))),
  }));
  const total = addCaseScores(perSeed.map((run) => run.score));
  return {
    scenario,
    seeds: perSeed.map(({ seed, score }) => ({ seed, ...summarise(score, scenario) })),
    overall: summarise(total, scenario),
  };
}

/** Whether the fused scores beat the best single agent (see {@link FusedVersusSingle}). */
export function compareFusedWithSingle(agents: readonly AgentResult[], fused: Scores): FusedVersusSingle {
  const best = [...agents].sort(
    (a, b) => b.scores.f1 - a.scores.f1 || b.scores.precision - a.scores.precision,
  )[0];
  if (!best) return { bestSingle: "none", holds: false };
  return {
    bestSingle: best.reviewer,
    holds: fused.precision > best.scores.precision && fused.recall >= best.scores.recall,
  };
}

function runCase(
  evalCase: EvalCase,
  scenario: ScriptedScenario,
  seed: number,
  lineTolerance: number | undefined,
): CaseScore {
  const plan = planReview(evalCase.files, { reviewers: scenario.agents.length });
  const chunks = new Map(plan.chunks.map((chunk) => [chunk.id, chunk]));
  const reports: AgentReport[] = plan.tasks
    .filter((task): task is ReviewTask => task.kind === "review")
    .map((task) => {
      const chunk = chunks.get(task.chunkId);
      const profile = scenario.agents[task.reviewerIndex];
      if (!chunk || !profile) throw new Error(`plan is inconsistent: task ${task.id}`);
      return runScriptedAgent({ reviewer: task.reviewer, profile, evalCase, chunk, seed });
    });
  const fused = fuseReviews(reports, { ...scenario.fuse, skippedFiles: plan.skipped });
  return scoreCase(evalCase, reports, fused, lineTolerance);
}

function summarise(score: CaseScore, scenario: ScriptedScenario): Omit<ScenarioSeedResult, "seed"> {
  const agents = [...score.agents].map(([reviewer, counts], index) => ({
    reviewer,
    kind: scenario.agents[index]?.kind ?? "honest",
    scores: computeScores(counts),
  }));
  const fused = computeScores(score.fused);
  const honest = agents.filter((agent) => agent.kind === "honest");
  return { agents, fused, fusedVersusSingle: compareFusedWithSingle(honest, fused) };
}
