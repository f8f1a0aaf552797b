import { availableParallelism } from "node:os";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createLlamaPool, describePoolPlan, PoolPlanError } from "../../src/pool/index.ts";
import { storiesPoolConfig } from "../helpers/stories-model.ts";

const logger = pino({ level: "silent" });

function autoConfig(reserveMemoryMb = 0) {
  return storiesPoolConfig({ instances: "auto", contextSize: "auto" }, { reserveMemoryMb });
}

describe("memory planning and thread calibration on stories260K", () => {
  it("plans from the GGUF metadata: trained context, weights, a KV cache per instance, and measured threads", async () => {
    const report = await describePoolPlan(autoConfig(), { logger });
    const [model] = report.local;
    expect(model).toBeDefined();
    if (model === undefined) return;
    // The model was trained at 2048 tokens, so "auto" does not go beyond that.
    expect(model.contextSize).toBe(2048);
    expect(model.instances).toBe(8);
    expect(model.gpuLayers).toBe(0);
    // The file is 1.2 MB of F32 weights; a 2048-token cache of its 5 layers is about a megabyte.
    expect(model.weightsRamBytes).toBeGreaterThan(1_000_000);
    expect(model.weightsRamBytes).toBeLessThan(1_300_000);
    expect(model.perInstanceBytes).toBeGreaterThan(100_000);
    expect(model.perInstanceBytes).toBeLessThan(10_000_000);
    // One context per core the measured thread count leaves free, each with its own buffers.
    expect(model.contexts).toBe(Math.min(8, Math.floor(availableParallelism() / model.threads)));
    expect(model.totalRamBytes).toBeCloseTo(
      model.weightsRamBytes + model.contexts * model.contextFixedBytes + 8 * model.perInstanceBytes,
      0,
    );
    expect(model.threadsSource).toBe("calibrated");
    const cores = availableParallelism();
    expect(Object.keys(model.threadRates ?? {}).map(Number)).toEqual(
      Array.from({ length: cores }, (_, i) => i + 1),
    );
    const best = Math.max(...Object.values(model.threadRates ?? {}));
    expect(model.threadRates?.[model.threads]).toBeGreaterThanOrEqual(best * 0.97);
  });

  it('creates as many instances as "auto" fits in the memory it is given, with the calibrated threads', async () => {
    const report = await describePoolPlan(autoConfig(), { logger });
    const model = report.local[0];
    if (model === undefined) throw new Error("no plan");
    // Room for three instances and a half: the planner must stop at three (and one context).
    const freeRamBytes = model.weightsRamBytes + model.contextFixedBytes + 3.5 * model.perInstanceBytes;
    const pool = await createLlamaPool(autoConfig(), { logger, machine: { freeRamBytes } });
    try {
      expect(pool.plan.models[0]?.instances).toBe(3);
      expect(pool.members()[0]?.instances).toBe(3);
      // Calibration is cached per model file and machine, so the pool reuses the plan's measurement.
      expect(pool.threads.stories).toBe(model.threads);
      const result = await pool.complete({
        role: "review",
        prompt: "Once upon a time",
        jsonSchema: { type: "object", properties: { word: { type: "string", maxLength: 8 } } },
        maxTokens: 30,
        timeoutMs: 30_000,
      });
      expect(result.generatedTokens).toBeGreaterThan(0);
    } finally {
      await pool.dispose();
    }
  });

  it("reads the file's quantisation from its header and notes when the pool file prefers another", async () => {
    const config = storiesPoolConfig({ instances: 1, threads: 1, quantization: "Q4_K_M" });
    const report = await describePoolPlan(config, { logger });
    expect(report.local[0]?.notes).toContain("the file is F32, not the preferred Q4_K_M");
  });

  it("refuses to start a pool that does not fit, with the numbers", async () => {
    const config = storiesPoolConfig({ instances: 4, contextSize: 2048, threads: 1 }, { reserveMemoryMb: 1 });
    const error = await createLlamaPool(config, { logger, machine: { freeRamBytes: 3 * 1024 * 1024 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PoolPlanError);
    const refusal = error as PoolPlanError;
    expect(refusal.resource).toBe("ram");
    expect(refusal.availableBytes).toBe(2 * 1024 * 1024);
    expect(refusal.requiredBytes).toBeGreaterThan(refusal.availableBytes);
    expect(refusal.message).toMatch(
      /model "stories" needs [\d.]+ MiB of RAM \(weights [\d.]+ MiB .*4 instance\(s\) ×/,
    );
  });
});
