import { describe, expect, it } from "vitest";
import type { ReviewChunk } from "../../src/domain/index.ts";
import {
  loadEvalSet,
  matchPredictions,
  readAddedLines,
  runScriptedAgent,
  type EvalCase,
  type ScriptedAgentProfile,
} from "../../src/eval/index.ts";

const cases = await loadEvalSet();
const evalCase = cases.find((c) => c.name === "js-file-server")!;
const chunk: ReviewChunk = { id: "c1", files: evalCase.files, estimatedTokens: 100 };
const perfect: ScriptedAgentProfile = {
  kind: "honest",
  detectRate: 1,
  falseRate: 0,
  decoyRate: 0,
  missClearRate: 0,
};

function findings(profile: ScriptedAgentProfile, seed: number, on: EvalCase = evalCase) {
  const report = runScriptedAgent({
    reviewer: "r1",
    profile,
    evalCase: on,
    chunk: { ...chunk, files: on.files },
    seed,
  });
  if (report.status !== "ok") throw new Error("scripted agents never fail");
  return report;
}

describe("scripted agents", () => {
  it("are deterministic for a seed and differ between seeds", () => {
    const noisy: ScriptedAgentProfile = { ...perfect, detectRate: 0.5, falseRate: 0.3 };
    expect(findings(noisy, 7)).toEqual(findings(noisy, 7));
    const bySeed = [1, 2, 3, 4, 5].map((seed) => JSON.stringify(findings(noisy, seed).findings));
    expect(new Set(bySeed).size).toBeGreaterThan(1);
  });

  it("with detection 1 and no noise, find exactly the labelled defects", () => {
    for (const seed of [1, 2, 3]) {
      const report = findings(perfect, seed);
      expect(matchPredictions(report.findings, evalCase.defects)).toEqual({
        truePositives: evalCase.defects.length,
        falsePositives: 0,
        falseNegatives: 0,
      });
    }
  });

  it("with detection 0 find nothing real, and clear missed defects when told to", () => {
    const blind = findings({ ...perfect, detectRate: 0, missClearRate: 1 }, 1);
    expect(blind.findings).toEqual([]);
    expect(blind.clearances?.map((c) => c.line).sort()).toEqual(evalCase.defects.map((d) => d.line).sort());
  });

  it("invent false findings at about the configured rate per added line", () => {
    const clean = cases.filter((c) => c.defects.length === 0);
    const lines = clean.reduce((sum, c) => sum + readAddedLines(c.files).length, 0);
    let invented = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      for (const c of clean) invented += findings({ ...perfect, falseRate: 0.2 }, seed, c).findings.length;
    expect(invented / (lines * 10)).toBeGreaterThan(0.15);
    expect(invented / (lines * 10)).toBeLessThan(0.25);
  });

  it("the random agent floods added lines with findings and judgements", () => {
    const report = findings({ kind: "random", findingsPerChunk: 12, clearancesPerChunk: 4 }, 3);
    const added = new Set(readAddedLines(evalCase.files).map((l) => `${l.path}:${l.line}`));
    expect(report.findings).toHaveLength(12);
    expect(report.clearances).toHaveLength(4);
    for (const f of report.findings) expect(added.has(`${f.path}:${f.line}`)).toBe(true);
  });
});
