import { availableParallelism } from "node:os";
import type { Logger } from "pino";
import type { PoolConfig, Role } from "../config/index.ts";
import type { FlashAttentionCalibration } from "./calibrate-flash-attention.ts";
import { calibrateModel } from "./calibrate-model.ts";
import { planLlamaPool, splitModels } from "./plan-llama-pool.ts";
import { settleThreads, type MachineFacts, type ModelPlan } from "./plan-pool.ts";
import { LlamaRuntimeError, ModelLoadError } from "./pool-errors.ts";
import { defaultRemoteConcurrency } from "./remote-member.ts";

export interface PlannedLocalModel extends Omit<ModelPlan, "threads"> {
  readonly file: string;
  readonly roles: readonly Role[];
  readonly weight: number;
  /** The threads the pool will use: the pool file's, or the calibration's pick. */
  readonly threads: number;
  readonly threadsSource: "pool file" | "calibrated" | "not calibrated";
  /** Decode tokens/s per thread count, when calibrated. */
  readonly threadRates: Readonly<Record<number, number>> | undefined;
  /** Flash attention as measured (`auto`: not measured, llama.cpp decides). */
  readonly flashAttention: boolean | "auto";
  /** Prompt-evaluation tokens/s with flash attention off and on, when measured. */
  readonly promptRates: { readonly off: number; readonly on: number } | undefined;
}

export interface PlannedRemoteModel {
  readonly name: string;
  readonly endpoint: string;
  readonly model: string;
  readonly api: "chat" | "completions";
  readonly roles: readonly Role[];
  readonly weight: number;
  readonly concurrency: number;
}

export interface PoolPlanReport {
  readonly machine: MachineFacts;
  readonly ramBudgetBytes: number;
  readonly vramBudgetBytes: number;
  readonly totalRamBytes: number;
  readonly totalVramBytes: number;
  readonly local: readonly PlannedLocalModel[];
  readonly remote: readonly PlannedRemoteModel[];
}

export interface DescribePoolPlanOptions {
  /** Folder relative model files are resolved against. Default: the working directory. */
  readonly baseDir?: string | undefined;
  readonly logger: Logger;
  /**
   * Load each model's weights (not its instances) for the warm-up measurements the pool would run
   * (threads, flash attention), so the plan shows what the pool will use. Default: true.
   */
  readonly calibrate?: boolean | undefined;
  readonly machine?: Partial<MachineFacts> | undefined;
}

/**
 * The plan `createLlamaPool` would follow on this machine, without starting the pool: what
 * `quorum pool` prints. Throws what `createLlamaPool` would (`PoolPlanError`, `ModelLoadError`, ...).
 */
export async function describePoolPlan(
  config: PoolConfig,
  options: DescribePoolPlanOptions,
): Promise<PoolPlanReport> {
  const { local, remote } = splitModels(config, options.baseDir ?? process.cwd());
  const cores = availableParallelism();
  const runtime = await import("node-llama-cpp");
  let llama;
  try {
    llama = await runtime.getLlama({
      gpu: "auto",
      build: "never",
      maxThreads: cores,
      logLevel: runtime.LlamaLogLevel.error,
    });
  } catch (error) {
    throw new LlamaRuntimeError("node-llama-cpp could not start llama.cpp on this machine", { cause: error });
  }
  try {
    const plan = await planLlamaPool(runtime, llama, config, local, options.machine);
    const planned: PlannedLocalModel[] = [];
    for (const model of local) {
      const modelPlan = plan.models.find((m) => m.name === model.name);
      if (modelPlan === undefined) continue;
      let threads = modelPlan.threads === "calibrate" ? cores : modelPlan.threads;
      let threadsSource: PlannedLocalModel["threadsSource"] =
        modelPlan.threads === "calibrate" ? "not calibrated" : "pool file";
      let threadRates: Record<number, number> | undefined;
      let attention: FlashAttentionCalibration | undefined;
      if (options.calibrate ?? true) {
        let weights;
        try {
          weights = await llama.loadModel({ modelPath: model.file, gpuLayers: modelPlan.gpuLayers });
        } catch (error) {
          throw new ModelLoadError(`model "${model.name}": llama.cpp could not load ${model.file}`, {
            file: model.file,
            model: model.name,
            cause: error,
          });
        }
        try {
          const measured = await calibrateModel(weights, model.file, modelPlan, cores);
          threads = measured.threads;
          attention = measured.attention;
          if (measured.calibration !== undefined) {
            threadRates = measured.calibration.tokensPerSecond;
            threadsSource = "calibrated";
          }
        } finally {
          await weights.dispose();
        }
      }
      planned.push({
        ...settleThreads(modelPlan, threads, cores),
        file: model.file,
        roles: model.roles,
        weight: model.weight,
        threads,
        threadsSource,
        threadRates,
        flashAttention: attention?.flashAttention ?? "auto",
        promptRates: attention?.promptTokensPerSecond,
      });
    }
    options.logger.debug({ models: planned.map((m) => m.name) }, "pool plan described");
    return {
      machine: plan.machine,
      ramBudgetBytes: plan.ramBudgetBytes,
      vramBudgetBytes: plan.vramBudgetBytes,
      totalRamBytes: planned.reduce((sum, m) => sum + m.totalRamBytes, 0),
      totalVramBytes: planned.reduce((sum, m) => sum + m.totalVramBytes, 0),
      local: planned,
      remote: remote.map((m) => ({
        name: m.name,
        endpoint: m.endpoint,
        model: m.model,
        api: m.api ?? "chat",
        roles: m.roles,
        weight: m.weight,
        concurrency: m.instances === "auto" ? defaultRemoteConcurrency : m.instances,
      })),
    };
  } finally {
    await llama.dispose();
  }
}
