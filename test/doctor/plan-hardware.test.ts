import { describe, expect, it } from "vitest";
import { checkPlan, planHardware, type PlanModelInput } from "../../src/doctor/index.ts";
import { planPool, PoolPlanError, type MachineFacts, type ModelRequest } from "../../src/pool/index.ts";
import { gib, mib } from "./fake-probes.ts";

const cpuOnly: MachineFacts = {
  cores: 8,
  totalRamBytes: 32 * gib,
  freeRamBytes: 16 * gib,
  reserveRamBytes: 1 * gib,
  gpu: false,
  freeVramBytes: 0,
};

function describeModel(name: string, request: Partial<ModelRequest> = {}): PlanModelInput {
  const kvPerToken = 64 * 1024;
  return {
    request: { name, instances: 3, contextSize: 8192, gpuLayers: undefined, threads: undefined, ...request },
    facts: {
      name,
      totalLayers: 28,
      trainContextSize: 32768,
      weightsBytes: 4 * gib,
      contextCosts: [2048, 4096, 8192].map((contextSize) => ({
        contextSize,
        fixedBytes: 256 * mib,
        perInstanceBytes: contextSize * kvPerToken,
      })),
    },
  };
}

/** Whether the pool's own planner accepts the models with one request changed. */
function poolAccepts(
  machine: MachineFacts,
  models: readonly PlanModelInput[],
  change: Partial<ModelRequest> = {},
): boolean {
  try {
    planPool(
      machine,
      models.map((m, i) => (i === 0 ? { ...m.request, ...change } : m.request)),
      models.map((m) => m.facts),
    );
    return true;
  } catch (error) {
    if (error instanceof PoolPlanError) return false;
    throw error;
  }
}

describe("planHardware", () => {
  it("is the pool's own plan when it fits, with each model's room measured by the same planner", () => {
    const models = [describeModel("coder")];
    const result = planHardware(cpuOnly, models);
    if (!result.fits) throw new Error(result.refusal.message);
    expect(result.plan).toEqual(planPool(cpuOnly, [models[0]!.request], [models[0]!.facts]));
    const [room] = result.rooms;
    expect(room?.maxInstances).toBeGreaterThan(3);
    expect(poolAccepts(cpuOnly, models, { instances: room!.maxInstances })).toBe(true);
    expect(poolAccepts(cpuOnly, models, { instances: room!.maxInstances + 1 })).toBe(false);
    // 15 GB of budget holds more than the 32K tokens it was trained on: training is the limit.
    expect(room).toMatchObject({ maxContextSize: 32768, contextLimitedBy: "trained context" });
  });

  it("measures one model's room with the other models as configured", () => {
    const machine = { ...cpuOnly, freeRamBytes: 12 * gib };
    const models = [describeModel("coder"), describeModel("reviewer", { instances: 2, contextSize: 4096 })];
    const result = planHardware(machine, models);
    expect(result.fits).toBe(true);
    const alone = planHardware(machine, [models[0]!]).rooms[0]!;
    const shared = result.rooms[0]!;
    expect(shared.maxInstances).toBeLessThan(alone.maxInstances);
    expect(shared.contextLimitedBy).toBe("memory");
    expect(poolAccepts(machine, models, { contextSize: shared.maxContextSize })).toBe(true);
    expect(poolAccepts(machine, models, { contextSize: shared.maxContextSize + 256 })).toBe(false);
  });

  it("passes on the pool's refusal and reports no room when the weights alone do not fit", () => {
    const result = planHardware({ ...cpuOnly, freeRamBytes: 4 * gib }, [describeModel("coder")]);
    expect(result.fits).toBe(false);
    if (result.fits) return;
    expect(result.refusal).toMatchObject({ model: "coder", resource: "ram" });
    expect(result.rooms[0]).toMatchObject({ maxInstances: 0, maxContextSize: 0 });
    const lines = checkPlan({ plan: result, poolFile: "pool.yml", unestimated: [] });
    expect(lines.map((l) => `${l.name}: ${l.verdict}`)).toEqual(["coder: fail", "total: fail"]);
    expect(lines[0]?.detail).toBe(result.refusal.message);
    expect(lines[0]?.fix).toContain("smaller model or quantisation");
  });

  it("reports the planner's refusal of GPU layers on a machine without a GPU", () => {
    const result = planHardware(cpuOnly, [describeModel("coder", { gpuLayers: "max" })]);
    expect(result.fits).toBe(false);
    if (!result.fits) expect(result.refusal.message).toContain("no usable GPU");
  });
});

describe("checkPlan", () => {
  it("shows instances, context, memory split and room per model, then the total against the budget", () => {
    const result = planHardware(cpuOnly, [describeModel("coder")]);
    const lines = checkPlan({ plan: result, poolFile: "pool.yml", unestimated: [] });
    expect(lines.map((l) => `${l.name}: ${l.verdict}`)).toEqual(["coder: ok", "total: ok"]);
    expect(lines[0]?.detail).toMatch(
      /^3 × 8,192 tokens: [\d.]+ GB RAM \(weights 4\.0 GB, buffers 256 MB( × \d+ contexts)?, KV cache 512 MB per instance = 64 KB\/token\)/,
    );
    expect(lines[0]?.detail).toContain("limited by trained context");
    expect(lines[1]?.detail).toContain("1.0 GB reserveMemoryMb");
  });

  it("mentions GPU offload when the planner puts layers on the GPU", () => {
    const gpuBox: MachineFacts = { ...cpuOnly, gpu: "cuda", freeVramBytes: 12 * gib };
    const lines = checkPlan({
      plan: planHardware(gpuBox, [describeModel("coder")]),
      poolFile: "pool.yml",
      unestimated: [],
    });
    expect(lines[0]?.detail).toMatch(/VRAM with 28\/28 layers on the GPU/);
    expect(lines[1]?.detail).toMatch(/of [\d.]+ GB VRAM$/);
  });

  it("fails an oversized pool with the largest settings that fit, which the pool then accepts", () => {
    const machine = { ...cpuOnly, freeRamBytes: 12 * gib };
    const models = [describeModel("coder", { instances: 16 })];
    const result = planHardware(machine, models);
    expect(result.fits).toBe(false);
    const [line, total] = checkPlan({ plan: result, poolFile: "models/local.yml", unestimated: [] });
    expect(line?.verdict).toBe("fail");
    expect(total?.detail).toContain("would refuse to start");
    const instances = Number(/give "coder" instances: (\d+)/.exec(line?.fix ?? "")?.[1]);
    const contextSize = Number(/contextSize: (\d+)/.exec(line?.fix ?? "")?.[1]);
    expect(line?.fix).toContain("models/local.yml");
    expect(poolAccepts(machine, models, { instances })).toBe(true);
    expect(poolAccepts(machine, models, { instances: instances + 1 })).toBe(false);
    expect(poolAccepts(machine, models, { contextSize })).toBe(true);
    expect(poolAccepts(machine, models, { contextSize: contextSize + 256 })).toBe(false);
  });

  it("warns about models whose memory could not be estimated", () => {
    const lines = checkPlan({
      plan: planHardware(cpuOnly, [describeModel("coder")]),
      poolFile: "pool.yml",
      unestimated: ["broken"],
    });
    expect(lines.find((l) => l.name === "broken")).toMatchObject({
      verdict: "warn",
      fix: expect.any(String),
    });
  });
});
