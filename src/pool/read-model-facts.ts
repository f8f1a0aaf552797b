import type { Llama } from "node-llama-cpp";
import type * as LlamaRuntime from "node-llama-cpp";
import type { ContextCost, ModelFacts } from "./plan-pool.ts";
import { normaliseQuantisation } from "./pick-quantised-file.ts";
import { ModelLoadError } from "./pool-errors.ts";

type LlamaModule = typeof LlamaRuntime;

/**
 * Reads what a GGUF model will cost from its metadata alone (no weights are loaded): weight size,
 * layers, training context, and llama.cpp's own estimate of a context's buffers and of each
 * sequence's KV cache, sampled at one and two sequences to separate the two.
 */
export async function readModelFacts(
  runtime: LlamaModule,
  llama: Llama,
  model: { readonly name: string; readonly file: string },
  contextSizes: readonly number[],
): Promise<ModelFacts> {
  let insights: LlamaRuntime.GgufInsights;
  try {
    const info = await runtime.readGgufFileInfo(model.file, { logWarnings: false });
    insights = await runtime.GgufInsights.from(info, llama);
  } catch (error) {
    throw new ModelLoadError(`model "${model.name}": cannot read the GGUF metadata of ${model.file}`, {
      file: model.file,
      model: model.name,
      cause: error,
    });
  }
  return {
    name: model.name,
    ...(await estimateModelCosts(insights, contextSizes)),
    trainContextSize: insights.trainContextSize,
    quantisation: readQuantisation(runtime, insights.ggufFileInfo, insights),
  };
}

/** What the planner needs of a model's memory: weights, layers, and a context's cost at given sizes. */
export type ModelCosts = Pick<ModelFacts, "totalLayers" | "weightsBytes" | "contextCosts">;

/**
 * llama.cpp's estimator answers for one context; estimates that differ by one sequence separate a
 * context's buffers (paid once) from one instance's KV cache. Sizes come back deduplicated, smallest first.
 */
export async function estimateModelCosts(
  insights: LlamaRuntime.GgufInsights,
  contextSizes: readonly number[],
): Promise<ModelCosts> {
  const weights = await insights.estimateModelResourceRequirementsV2({ gpuLayers: 0 });
  const sizes = [...new Set(contextSizes)].sort((a, b) => a - b);
  const contextCosts: ContextCost[] = [];
  for (const contextSize of sizes) {
    const one = await insights.estimateContextResourceRequirementsV2({
      contextSize,
      sequences: 1,
      modelGpuLayers: 0,
    });
    const two = await insights.estimateContextResourceRequirementsV2({
      contextSize,
      sequences: 2,
      modelGpuLayers: 0,
    });
    const perInstanceBytes = Math.max(0, two.cpuRam + two.gpuVram - (one.cpuRam + one.gpuVram));
    contextCosts.push({
      contextSize,
      perInstanceBytes,
      fixedBytes: Math.max(0, one.cpuRam + one.gpuVram - perInstanceBytes),
    });
  }
  return { totalLayers: insights.totalLayers, weightsBytes: weights.cpuRam + weights.gpuVram, contextCosts };
}

/**
 * The header's file type (`MOSTLY_Q4_K_M` → `Q4_K_M`), else the type most tensors have (needs
 * insights). Reverse lookups of a number the enum does not know yield undefined at run time.
 */
export function readQuantisation(
  runtime: LlamaModule,
  info: LlamaRuntime.GgufFileInfo,
  insights?: LlamaRuntime.GgufInsights,
): string | undefined {
  const fileType = info.metadata.general.file_type;
  const fileTypeName: string | undefined =
    fileType === undefined ? undefined : runtime.GgufFileType[fileType];
  if (fileTypeName !== undefined) return normaliseQuantisation(fileTypeName);
  const dominant = insights?.dominantTensorType;
  const tensorTypeName: string | undefined = dominant === undefined ? undefined : runtime.GgmlType[dominant];
  return tensorTypeName;
}

/** The sizes the planner may pick for a model: the configured one, or the `auto` ladder. */
export function contextSizesToSample(contextSize: number | "auto", maxAutoContextSize = 4096): number[] {
  if (contextSize !== "auto") return [contextSize];
  const sizes: number[] = [];
  for (let size = maxAutoContextSize; size >= 512; size = Math.floor(size / 2)) sizes.push(size);
  return sizes;
}
