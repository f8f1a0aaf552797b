import type { EvalCase } from "./eval-case.ts";
import type { LiveEvalResult } from "./run-live-eval.ts";
import type { AgentResult, FusedVersusSingle, ScenarioResult } from "./run-scripted-eval.ts";
import type { Scores } from "./score-findings.ts";

/** "27 cases (21 with 24 defects, 6 clean) in go, javascript, python, typescript". */
export function describeEvalSet(cases: readonly EvalCase[]): string {
  const withDefects = cases.filter((evalCase) => evalCase.defects.length > 0);
  const defects = withDefects.reduce((sum, evalCase) => sum + evalCase.defects.length, 0);
  const languages = [...new Set(cases.map((evalCase) => evalCase.language))].sort();
  return `${cases.length} cases (${withDefects.length} with ${defects} defects, ${cases.length - withDefects.length} clean) in ${languages.join(", ")}`;
}

/** The scripted-mode table: one block per scenario, micro-averaged over the seeds. */
export function formatScriptedTable(
  cases: readonly EvalCase[],
  results: readonly ScenarioResult[],
  seeds: readonly number[],
): string {
  const lines = [
    `Quorum eval · scripted agents · ${describeEvalSet(cases)} · seeds ${seeds.join(",")} · counts summed over seeds`,
  ];
  for (const result of results) {
    const holding = result.seeds.filter((seed) => seed.fusedVersusSingle.holds).length;
    lines.push(
      "",
      result.scenario.name,
      ...formatRows(result.overall.agents, result.overall.fused),
      formatVerdict(result.overall.agents, result.overall.fused, result.overall.fusedVersusSingle) +
        ` (per seed: ${holding}/${result.seeds.length})`,
    );
  }
  return lines.join("\n");
}

/** The live-mode table. */
export function formatLiveTable(cases: readonly EvalCase[], result: LiveEvalResult, pool: string): string {
  return [
    `Quorum eval · live pool ${pool} · ${describeEvalSet(cases)}`,
    `${result.tasks} review tasks, ${result.failedTasks} failed · ${result.usage.promptTokens} prompt tokens (${result.usage.reusedPromptTokens} reused), ${result.usage.generatedTokens} generated · ${(result.usage.durationMs / 1000).toFixed(1)} s agent time`,
    "",
    ...formatRows(result.agents, result.fused),
    formatVerdict(result.agents, result.fused, result.fusedVersusSingle),
  ].join("\n");
}

/** Scores as plain JSON numbers, rounded to three decimals. */
export function toJsonScores(scores: Scores): Record<string, number> {
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  return {
    precision: round(scores.precision),
    recall: round(scores.recall),
    f1: round(scores.f1),
    tp: scores.truePositives,
    fp: scores.falsePositives,
    fn: scores.falseNegatives,
  };
}

function formatRows(agents: readonly AgentResult[], fused: Scores): string[] {
  const header = ["agent", "kind", "precision", "recall", "F1", "TP", "FP", "FN"];
  const rows = [
    ...agents.map((agent) => [agent.reviewer, agent.kind, ...formatScores(agent.scores)]),
    ["fused", "agreed", ...formatScores(fused)],
  ];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const render = (row: readonly string[]): string =>
    `  ${row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  ")}`;
  return [render(header), ...rows.map(render)];
}

function formatScores(scores: Scores): string[] {
  return [
    scores.precision.toFixed(2),
    scores.recall.toFixed(2),
    scores.f1.toFixed(2),
    String(scores.truePositives),
    String(scores.falsePositives),
    String(scores.falseNegatives),
  ];
}

function formatVerdict(agents: readonly AgentResult[], fused: Scores, verdict: FusedVersusSingle): string {
  const best = agents.find((agent) => agent.reviewer === verdict.bestSingle);
  if (!best) return "  fused vs best single agent: no single agent to compare with";
  return `  fused vs best single agent (${best.reviewer}): precision ${fused.precision.toFixed(2)} vs ${best.scores.precision.toFixed(2)}, recall ${fused.recall.toFixed(2)} vs ${best.scores.recall.toFixed(2)} — ${verdict.holds ? "fusion wins" : "fusion does NOT win"}`;
}
