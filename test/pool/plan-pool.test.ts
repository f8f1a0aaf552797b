import { describe, expect, it } from "vitest";
import {
  planPool,
  PoolPlanError,
  settleThreads,
  type MachineFacts,
  type ModelFacts,
  type ModelRequest,
} from "../../src/pool/index.ts";

const mib = 1024 ** 2;
const gib = 1024 ** 3;

/** A 7B model at Q4_K_M, roughly: 4.4 GiB of weights, KV cache growing with the context. */
const coder: ModelFacts = {
  name: "coder",
  totalLayers: 32,
  trainContextSize: 32768,
  weightsBytes: 4.4 * gib,
  contextCosts: [
    { contextSize: 512, fixedBytes: 100 * mib, perInstanceBytes: 64 * mib },
    { contextSize: 1024, fixedBytes: 120 * mib, perInstanceBytes: 128 * mib },
    { contextSize: 2048, fixedBytes: 160 * mib, perInstanceBytes: 256 * mib },
    { contextSize: 4096, fixedBytes: 240 * mib, perInstanceBytes: 512 * mib },
  ],
};

/** A 1.5B model: 1 GiB of weights. */
const small: ModelFacts = {
  name: "small",
  totalLayers: 28,
  trainContextSize: 32768,
  weightsBytes: 1 * gib,
  contextCosts: [
    { contextSize: 2048, fixedBytes: 80 * mib, perInstanceBytes: 56 * mib },
    { contextSize: 4096, fixedBytes: 120 * mib, perInstanceBytes: 112 * mib },
  ],
};

/** The mini PC from the brief: 32 GB, no GPU, 8 cores. */
const miniPc: MachineFacts = {
  cores: 8,
  totalRamBytes: 32 * gib,
  freeRamBytes: 28 * gib,
  reserveRamBytes: 1 * gib,
  gpu: false,
  freeVramBytes: 0,
};

function want(name: string, overrides: Partial<ModelRequest> = {}): ModelRequest {
  return { name, instances: 3, contextSize: 2048, gpuLayers: undefined, threads: undefined, ...overrides };
}

describe("planPool", () => {
  it("plans explicit numbers as given, with weights paid once and a KV cache per instance", () => {
    const plan = planPool(miniPc, [want("coder", { instances: 3, threads: 6 })], [coder]);
    const [model] = plan.models;
    expect(model).toMatchObject({
      name: "coder",
      instances: 3,
      contextSize: 2048,
      gpuLayers: 0,
      threads: 6,
      perInstanceBytes: 256 * mib,
      weightsRamBytes: 4.4 * gib,
      totalVramBytes: 0,
    });
    expect(model?.totalRamBytes).toBeCloseTo(4.4 * gib + 160 * mib + 3 * 256 * mib, 0);
    expect(plan.ramBudgetBytes).toBe(27 * gib);
  });

  it("leaves threads to calibration when the pool file does not set them", () => {
    const plan = planPool(miniPc, [want("coder")], [coder]);
    expect(plan.models[0]?.threads).toBe("calibrate");
  });

  it('gives "auto" instances the most the brief asks for (8) when memory is plentiful', () => {
    const plan = planPool(miniPc, [want("coder", { instances: "auto" })], [coder]);
    expect(plan.models[0]?.instances).toBe(8);
    expect(plan.models[0]?.notes).toContain("instances: auto → 8 (the most auto gives)");
  });

  it('fits "auto" instances into what is free after the reserve', () => {
    const machine = { ...miniPc, freeRamBytes: 7 * gib };
    const plan = planPool(machine, [want("coder", { instances: "auto" })], [coder]);
    // 6 GiB budget − 4.4 GiB weights − 160 MiB buffers leaves room for 5 caches of 256 MiB.
    const expected = Math.floor((6 * gib - 4.4 * gib - 160 * mib) / (256 * mib));
    expect(expected).toBe(5);
    expect(plan.models[0]?.instances).toBe(expected);
    expect(plan.totalRamBytes).toBeLessThanOrEqual(plan.ramBudgetBytes);
  });

  it('shares what is left between "auto" models in turn, after the explicit ones', () => {
    const machine = { ...miniPc, freeRamBytes: 8 * gib };
    const plan = planPool(
      machine,
      [want("coder", { instances: "auto" }), want("small", { instances: "auto" })],
      [coder, small],
    );
    const [big, little] = plan.models;
    // Neither takes everything: the big model's caches do not crowd out the small one.
    expect(big?.instances).toBeGreaterThan(1);
    expect(little?.instances).toBeGreaterThan(big?.instances ?? 0);
    expect(plan.totalRamBytes).toBeLessThanOrEqual(plan.ramBudgetBytes);
    // Stopped because one more instance of either would not fit.
    const left = plan.ramBudgetBytes - plan.totalRamBytes;
    for (const model of plan.models) {
      if (model.instances < 8) expect(left).toBeLessThan(model.perInstanceBytes);
    }
  });

  it('shrinks an "auto" context until the instances fit, and says so', () => {
    const machine = { ...miniPc, freeRamBytes: 1 * gib + 4.4 * gib + 1.1 * gib };
    const plan = planPool(machine, [want("coder", { instances: 4, contextSize: "auto" })], [coder]);
    // 4096 needs 240 MiB + 4 × 512 MiB, 2048 needs 160 MiB + 4 × 256 MiB: only 1024 fits in 1.1 GiB.
    expect(plan.models[0]?.contextSize).toBe(1024);
    expect(plan.models[0]?.notes).toContain("context shrunk to 1024 tokens to fit 4 instance(s)");
  });

  it("refuses a configuration that does not fit, with the numbers", () => {
    const machine = { ...miniPc, freeRamBytes: 8 * gib };
    const error = (() => {
      try {
        planPool(machine, [want("coder", { instances: 16, contextSize: 4096 })], [coder]);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PoolPlanError);
    const refusal = error as PoolPlanError;
    expect(refusal.retryable).toBe(false);
    expect(refusal.resource).toBe("ram");
    expect(refusal.model).toBe("coder");
    expect(refusal.requiredBytes).toBeCloseTo(4.4 * gib + 240 * mib + 16 * 512 * mib, 0);
    expect(refusal.availableBytes).toBe(7 * gib);
    expect(refusal.message).toContain('model "coder" needs 12.6 GiB of RAM');
    expect(refusal.message).toContain("16 instance(s) × 512 MiB at 4096 tokens");
    expect(refusal.message).toContain("8.0 GiB free RAM − 1.0 GiB reserve");
  });

  it("counts the models listed before a refused one against it", () => {
    const machine = { ...miniPc, freeRamBytes: 7 * gib };
    expect(() =>
      planPool(machine, [want("coder", { instances: 4 }), want("small", { instances: 8 })], [coder, small]),
    ).toThrow(/for the models listed before it/);
  });

  it("spreads a CPU model's instances evenly over up to cores ÷ threads contexts when memory allows", () => {
    const plan = planPool(miniPc, [want("small", { instances: 6, threads: 2 })], [small]);
    // 8 cores ÷ 2 threads allow 4, but 6 instances split evenly only into 3 contexts of 2.
    expect(plan.models[0]?.contexts).toBe(3);
    expect(plan.models[0]?.totalRamBytes).toBeCloseTo(1 * gib + 3 * 80 * mib + 6 * 56 * mib, 0);
    // Never more contexts than instances, and none beyond the first without memory to spare.
    expect(planPool(miniPc, [want("small", { instances: 2, threads: 1 })], [small]).models[0]?.contexts).toBe(
      2,
    );
    const tight = { ...miniPc, freeRamBytes: 1 * gib + 1 * gib + 80 * mib + 6 * 56 * mib + 10 * mib };
    expect(planPool(tight, [want("small", { instances: 6, threads: 1 })], [small]).models[0]?.contexts).toBe(
      1,
    );
  });

  it("settles contexts and memory once the thread count is measured", () => {
    const plan = planPool(miniPc, [want("small", { instances: 8 })], [small]);
    const draft = plan.models[0];
    if (draft === undefined) throw new Error("no plan");
    // Threads unknown: memory is kept for up to one context per core.
    expect(draft).toMatchObject({ threads: "calibrate", contexts: 8 });
    const settled = settleThreads(draft, 4, 8);
    expect(settled).toMatchObject({ threads: 4, contexts: 2 });
    expect(settled.totalRamBytes).toBeCloseTo(draft.totalRamBytes - 6 * 80 * mib, 0);
  });

  it("offloads every layer to a GPU with room for the weights and caches", () => {
    const machine: MachineFacts = { ...miniPc, gpu: "cuda", freeVramBytes: 12 * gib };
    const plan = planPool(machine, [want("coder", { instances: 4 })], [coder]);
    expect(plan.models[0]).toMatchObject({ gpuLayers: 32, weightsRamBytes: 0 });
    expect(plan.models[0]?.totalVramBytes).toBeCloseTo(4.4 * gib + 160 * mib + 4 * 256 * mib, 0);
  });

  it("offloads only the layers that fit on a small GPU", () => {
    const machine: MachineFacts = { ...miniPc, gpu: "vulkan", freeVramBytes: 2 * gib };
    const plan = planPool(machine, [want("coder", { instances: 2 })], [coder]);
    const model = plan.models[0];
    expect(model?.gpuLayers).toBeGreaterThan(0);
    expect(model?.gpuLayers).toBeLessThan(32);
    expect(model?.totalVramBytes).toBeLessThanOrEqual(plan.vramBudgetBytes);
    // One more layer would not fit.
    const perLayer = (4.4 * gib + 160 * mib + 2 * 256 * mib) / 32;
    expect((model?.totalVramBytes ?? 0) + perLayer).toBeGreaterThan(plan.vramBudgetBytes);
  });

  it('refuses gpuLayers "max" when the model does not fit in VRAM, and any GPU layers without a GPU', () => {
    const smallGpu: MachineFacts = { ...miniPc, gpu: "cuda", freeVramBytes: 2 * gib };
    expect(() => planPool(smallGpu, [want("coder", { gpuLayers: "max" })], [coder])).toThrow(PoolPlanError);
    expect(() => planPool(miniPc, [want("coder", { gpuLayers: "max" })], [coder])).toThrow(
      /no usable GPU on this machine/,
    );
    expect(planPool(miniPc, [want("coder", { gpuLayers: 0 })], [coder]).models[0]?.gpuLayers).toBe(0);
  });

  it("notes a model file whose quantisation is not the preferred one, and stays quiet when it is", () => {
    const q8 = { ...coder, quantisation: "Q8_0" };
    const preferQ4 = want("coder", { quantization: ["q4_k_m", "Q5_K_M"] });
    expect(planPool(miniPc, [preferQ4], [q8]).models[0]?.notes).toContain(
      "the file is Q8_0, not the preferred Q4_K_M or Q5_K_M",
    );
    const q4 = { ...coder, quantisation: "Q4_K_M" };
    expect(planPool(miniPc, [preferQ4], [q4]).models[0]?.notes.join(" ")).not.toContain("preferred");
  });
});
