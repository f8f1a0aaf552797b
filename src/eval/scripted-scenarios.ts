import type { ScriptedAgentProfile } from "./run-scripted-agent.ts";
import type { ScriptedScenario } from "./run-scripted-eval.ts";

/**
 * A plausible small local model: finds 70% of real defects, invents a false finding on 3% of added
 * lines, falls for a case's decoy 30% of the time, and wrongly clears 30% of the defects it misses.
 */
export const honestAgent: ScriptedAgentProfile = {
  kind: "honest",
  detectRate: 0.7,
  falseRate: 0.03,
  decoyRate: 0.3,
  missClearRate: 0.3,
};

/** The bad agent: 12 random findings and 4 random "looks correct" judgements per chunk. */
export const randomAgent: ScriptedAgentProfile = {
  kind: "random",
  findingsPerChunk: 12,
  clearancesPerChunk: 4,
};

export const defaultSeeds: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

const five = [honestAgent, honestAgent, honestAgent, honestAgent, honestAgent];

/**
 * What `npm run eval` measures. The first scenario is the one CI holds to "fusion beats the best
 * single agent": five agents, because with three a majority's recall (P(≥2 of 3) = 0.78 at p = 0.7)
 * is no better than the luckiest single agent's, which the second scenario shows. Then the
 * five-agent pool with a random bad agent added, under the default quorum and an absolute one,
 * and once more with flood dilution switched off to show what it protects against.
 */
export const defaultScenarios: readonly ScriptedScenario[] = [
  { name: "5 honest agents · quorum majority", agents: five, fuse: { quorum: "majority" } },
  {
    name: "3 honest agents · quorum majority",
    agents: [honestAgent, honestAgent, honestAgent],
    fuse: { quorum: "majority" },
  },
  {
    name: "5 honest + 1 random agent · quorum majority",
    agents: [...five, randomAgent],
    fuse: { quorum: "majority" },
  },
  { name: "5 honest + 1 random agent · quorum 3", agents: [...five, randomAgent], fuse: { quorum: 3 } },
  {
    name: "5 honest + 1 random agent · quorum majority · flood dilution off",
    agents: [...five, randomAgent],
    fuse: { quorum: "majority", floodAllowance: Number.POSITIVE_INFINITY },
  },
];
