export type { EvalCase, LabelledDefect } from "./eval-case.ts";
export { defaultEvalSetDir, EvalSetError, loadEvalCase, loadEvalSet } from "./load-eval-set.ts";
export {
  addCounts,
  computeScores,
  defaultLineTolerance,
  matchPredictions,
  zeroCounts,
} from "./score-findings.ts";
export type { MatchCounts, Prediction, Scores } from "./score-findings.ts";
export { addCaseScores, scoreCase } from "./score-case.ts";
export type { CaseScore } from "./score-case.ts";
export { createRandom } from "./create-random.ts";
export type { Random } from "./create-random.ts";
export { pickDecoys, runScriptedAgent } from "./run-scripted-agent.ts";
export type { Decoy, ScriptedAgentInput, ScriptedAgentProfile } from "./run-scripted-agent.ts";
export { compareFusedWithSingle, runScriptedScenario } from "./run-scripted-eval.ts";
export type {
  AgentResult,
  FusedVersusSingle,
  ScenarioResult,
  ScenarioSeedResult,
  ScriptedScenario,
} from "./run-scripted-eval.ts";
export { runLiveEval } from "./run-live-eval.ts";
export type { LiveEvalInput, LiveEvalResult } from "./run-live-eval.ts";
export { defaultScenarios, defaultSeeds, honestAgent, randomAgent } from "./scripted-scenarios.ts";
export { defectKinds, describeKind } from "./defect-kinds.ts";
export type { DefectKind } from "./defect-kinds.ts";
export { readAddedLines } from "./read-added-lines.ts";
export type { AddedLine } from "./read-added-lines.ts";
export { describeEvalSet, formatLiveTable, formatScriptedTable } from "./format-eval-report.ts";
export { EvalArgsError, parseEvalArgs } from "./parse-eval-args.ts";
export type { EvalArgs } from "./parse-eval-args.ts";
