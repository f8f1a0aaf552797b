import path from "node:path";
import { pino } from "pino";
import { createLlamaPool, loadPoolConfig } from "../pool/index.ts";
import type { EvalCase } from "./eval-case.ts";
import { formatLiveTable, formatScriptedTable, toJsonScores } from "./format-eval-report.ts";
import { loadEvalSet } from "./load-eval-set.ts";
import { EvalArgsError, evalUsage, parseEvalArgs, type EvalArgs } from "./parse-eval-args.ts";
import { runLiveEval } from "./run-live-eval.ts";
import { runScriptedScenario } from "./run-scripted-eval.ts";
import { defaultScenarios } from "./scripted-scenarios.ts";

/**
 * `npm run eval`: precision, recall and F1 of each single agent and of the fused review over the
 * labelled set in fixtures/eval. Prints a table, then one JSON line. Scripted mode (the default)
 * exits 1 when fusion does not beat the best single agent in the baseline scenario, so CI can run
 * it; live mode (`--live --pool FILE`) measures the configured pool and always exits 0 once done.
 */
async function main(argv: readonly string[]): Promise<number> {
  const args = parseEvalArgs(argv);
  const cases = selectCases(await loadEvalSet(args.dir), args);
  if (cases.length === 0) throw new EvalArgsError("no evaluation cases selected");
  return args.live ? runLive(cases, args) : runScripted(cases, args);
}

function runScripted(cases: readonly EvalCase[], args: EvalArgs): number {
  const results = defaultScenarios.map((scenario) => runScriptedScenario(cases, scenario, args.seeds));
  process.stdout.write(`${formatScriptedTable(cases, results, args.seeds)}\n\n`);
  const baseline = results[0];
  const json = {
    mode: "scripted",
    cases: cases.length,
    defects: cases.reduce((sum, evalCase) => sum + evalCase.defects.length, 0),
    seeds: args.seeds,
    scenarios: results.map((result) => ({
      name: result.scenario.name,
      agents: result.overall.agents.map((agent) => ({
        reviewer: agent.reviewer,
        kind: agent.kind,
        ...toJsonScores(agent.scores),
      })),
      fused: toJsonScores(result.overall.fused),
      bestSingle: result.overall.fusedVersusSingle.bestSingle,
      fusedBeatsSingle: result.overall.fusedVersusSingle.holds,
      seedsWhereFusedBeatsSingle: result.seeds.filter((seed) => seed.fusedVersusSingle.holds).length,
    })),
    fusedBeatsSingle: baseline?.overall.fusedVersusSingle.holds ?? false,
  };
  process.stdout.write(`${JSON.stringify(json)}\n`);
  return json.fusedBeatsSingle ? 0 : 1;
}

async function runLive(cases: readonly EvalCase[], args: EvalArgs): Promise<number> {
  const poolFile = path.resolve(args.pool ?? "");
  const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" }, pino.destination(2));
  const config = await loadPoolConfig(poolFile);
  if (config.demo) {
    process.stderr.write("eval: demo pool — the numbers only show that the plumbing works\n");
  }
  const pool = await createLlamaPool(config, { baseDir: path.dirname(poolFile), logger });
  try {
    const result = await runLiveEval({
      cases,
      pool,
      logger,
      plan: { reviewers: args.reviewers },
      fuse: { quorum: args.quorum },
      onCase: (done, total, name) => process.stderr.write(`eval: ${done}/${total} ${name}\n`),
    });
    process.stdout.write(`${formatLiveTable(cases, result, path.basename(poolFile))}\n\n`);
    const json = {
      mode: "live",
      pool: path.basename(poolFile),
      demo: config.demo,
      cases: cases.length,
      reviewers: args.reviewers,
      quorum: args.quorum,
      agents: result.agents.map((agent) => ({ reviewer: agent.reviewer, ...toJsonScores(agent.scores) })),
      fused: toJsonScores(result.fused),
      fusedBeatsSingle: result.fusedVersusSingle.holds,
      tasks: result.tasks,
      failedTasks: result.failedTasks,
      usage: result.usage,
    };
    process.stdout.write(`${JSON.stringify(json)}\n`);
    return 0;
  } finally {
    await pool.dispose();
  }
}

function selectCases(cases: readonly EvalCase[], args: EvalArgs): EvalCase[] {
  const wanted = args.cases === undefined ? undefined : new Set(args.cases);
  if (wanted) {
    const unknown = [...wanted].filter((name) => !cases.some((evalCase) => evalCase.name === name));
    if (unknown.length > 0) throw new EvalArgsError(`unknown case(s): ${unknown.join(", ")}`);
  }
  const selected = cases.filter((evalCase) => wanted?.has(evalCase.name) ?? true);
  return args.limit === undefined ? selected : selected.slice(0, args.limit);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof EvalArgsError) {
    process.stderr.write(`eval: ${error.message}\n${evalUsage}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
