import { describe, expect, it } from "vitest";
import { defaultScenarios, defaultSeeds, loadEvalSet, runScriptedScenario } from "../../src/eval/index.ts";

const cases = await loadEvalSet();
const [baseline, threeAgents, withRandom, withRandomQuorum3, withoutDilution] = defaultScenarios.map(
  (scenario) => runScriptedScenario(cases, scenario, defaultSeeds),
);

describe("scripted evaluation (what CI holds fusion to)", () => {
  it("fused precision beats the best single agent's at equal or better recall, over the default seeds", () => {
    const result = baseline!;
    const best = result.overall.agents.find(
      (a) => a.reviewer === result.overall.fusedVersusSingle.bestSingle,
    )!;
    expect(result.overall.fused.precision).toBeGreaterThan(best.scores.precision);
    expect(result.overall.fused.recall).toBeGreaterThanOrEqual(best.scores.recall);
    expect(result.overall.fusedVersusSingle.holds).toBe(true);
    // Not only on average: fusion is more precise than every single agent in every seed.
    expect(result.seeds).toHaveLength(defaultSeeds.length);
    for (const seed of result.seeds) {
      const bestPrecision = Math.max(...seed.agents.map((a) => a.scores.precision));
      expect(seed.fused.precision, `seed ${seed.seed}`).toBeGreaterThan(bestPrecision);
    }
  });

  it("is more precise than any single agent with three agents too", () => {
    const result = threeAgents!;
    const bestPrecision = Math.max(...result.overall.agents.map((a) => a.scores.precision));
    expect(result.overall.fused.precision).toBeGreaterThan(bestPrecision);
  });

  it("degrades gracefully when a random agent joins: fusion still beats every honest agent", () => {
    const clean = baseline!.overall.fused;
    for (const result of [withRandom!, withRandomQuorum3!]) {
      expect(result.overall.fusedVersusSingle.holds, result.scenario.name).toBe(true);
      expect(result.overall.fused.f1, result.scenario.name).toBeGreaterThan(clean.f1 - 0.05);
    }
  });

  it("owes that to flood dilution: without it the random agent drags recall down", () => {
    const diluted = withRandom!.overall.fused;
    const undiluted = withoutDilution!.overall.fused;
    expect(undiluted.recall).toBeLessThan(diluted.recall);
  });
});
