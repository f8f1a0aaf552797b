import type { AgentReport, FusedReview } from "../domain/index.ts";
import { compareNatural } from "../fuse/index.ts";
import type { EvalCase } from "./eval-case.ts";
import { addCounts, matchPredictions, zeroCounts, type MatchCounts } from "./score-findings.ts";

/** How each reviewer slot and the fused review did on one case. */
export interface CaseScore {
  /** Reviewer id → counts of its own findings, over all chunks of the case. */
  readonly agents: ReadonlyMap<string, MatchCounts>;
  /** Counts of the agreed findings: what would be posted inline. */
  readonly fused: MatchCounts;
}

/**
 * Scores one case: each reviewer by everything it reported (a failed sub-task reported nothing,
 * so its defects count as missed), the fused review by its agreed findings only — disputed and
 * not-agreed findings are never posted inline, so they are neither hits nor noise.
 */
export function scoreCase(
  evalCase: EvalCase,
  reports: readonly AgentReport[],
  fused: FusedReview,
  lineTolerance?: number,
): CaseScore {
  const reviewers = [...new Set(reports.map((report) => report.agent.reviewer))].sort(compareNatural);
  const agents = new Map<string, MatchCounts>();
  for (const reviewer of reviewers) {
    const findings = reports.flatMap((report) =>
      report.agent.reviewer === reviewer && report.status === "ok" ? report.findings : [],
    );
    agents.set(reviewer, matchPredictions(findings, evalCase.defects, lineTolerance));
  }
  return { agents, fused: matchPredictions(fused.agreed, evalCase.defects, lineTolerance) };
}

/** Adds case scores up, reviewer by reviewer. */
export function addCaseScores(scores: readonly CaseScore[]): CaseScore {
  const agents = new Map<string, MatchCounts>();
  let fused = zeroCounts;
  for (const score of scores) {
    for (const [reviewer, counts] of score.agents)
      agents.set(reviewer, addCounts(agents.get(reviewer) ?? zeroCounts, counts));
    fused = addCounts(fused, score.fused);
  }
  return { agents, fused };
}
