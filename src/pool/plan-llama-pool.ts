import { isAbsolute, resolve } from "node:path";
import type { Llama } from "node-llama-cpp";
import type * as LlamaRuntime from "node-llama-cpp";
import type { PoolConfig, PoolModelConfig } from "../config/index.ts";
import { assertGgufFile } from "./assert-gguf-file.ts";
import { planPool, type MachineFacts, type PoolPlan } from "./plan-pool.ts";
import { readMachineFacts } from "./read-machine-facts.ts";
import { contextSizesToSample, readModelFacts } from "./read-model-facts.ts";

type LlamaModule = typeof LlamaRuntime;

export type LocalModelConfig = PoolModelConfig & { readonly file: string };
export type RemoteModelConfig = PoolModelConfig & { readonly endpoint: string; readonly model: string };

export interface SplitModels {
  readonly local: readonly LocalModelConfig[];
  readonly remote: readonly RemoteModelConfig[];
}

/** Local and remote members of a pool file, with local `file` paths made absolute against `baseDir`. */
export function splitModels(config: PoolConfig, baseDir: string): SplitModels {
  const local: LocalModelConfig[] = [];
  const remote: RemoteModelConfig[] = [];
  for (const model of config.models) {
    if (model.file !== undefined) {
      local.push({ ...model, file: isAbsolute(model.file) ? model.file : resolve(baseDir, model.file) });
    } else if (model.endpoint !== undefined && model.model !== undefined) {
      remote.push({ ...model, endpoint: model.endpoint, model: model.model });
    }
  }
  return { local, remote };
}

/**
 * Checks every local model file, reads its GGUF metadata and the machine, and plans instances,
 * context sizes, GPU layers and threads (`planPool`). Throws `ModelLoadError` for a bad file and
 * `PoolPlanError` when the configuration does not fit. `machine` overrides measured facts.
 */
export async function planLlamaPool(
  runtime: LlamaModule,
  llama: Llama,
  config: PoolConfig,
  local: readonly LocalModelConfig[],
  machine?: Partial<MachineFacts>,
): Promise<PoolPlan> {
  for (const model of local) await assertGgufFile(model.file, model.name);
  const facts = [];
  for (const model of local) {
    facts.push(await readModelFacts(runtime, llama, model, contextSizesToSample(model.contextSize)));
  }
  const measured = await readMachineFacts(llama, config.reserveMemoryMb * 1024 * 1024);
  return planPool(
    { ...measured, ...machine },
    local.map((m) => ({
      name: m.name,
      instances: m.instances,
      contextSize: m.contextSize,
      gpuLayers: m.gpuLayers,
      threads: m.threads,
      quantization: m.quantization,
    })),
    facts,
  );
}
