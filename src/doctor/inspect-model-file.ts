import { open } from "node:fs/promises";
import type { GgufInsights, Llama } from "node-llama-cpp";
import type { GgufFacts, ModelFileFacts, ModelMemoryFacts } from "./doctor-probes.ts";

const lfsPointerStart = "version https://git-lfs";
/** Any size works: the KV cache grows linearly; this one keeps the estimator's graph overhead realistic. */
const probeContextSize = 1024;

/**
 * Reads a model file's header (never the weights): GGUF magic, metadata, and llama.cpp's own memory
 * estimate. `llama` is optional so a machine where llama.cpp cannot start still gets the header facts.
 */
export async function inspectModelFile(file: string, llama: Llama | null): Promise<ModelFileFacts> {
  let head: Buffer;
  let sizeBytes: number;
  try {
    const handle = await open(file, "r");
    try {
      sizeBytes = (await handle.stat()).size;
      const buffer = Buffer.alloc(lfsPointerStart.length);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { file, readable: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (head.toString("latin1") === lfsPointerStart)
    return { file, readable: true, sizeBytes, kind: "lfs-pointer" };
  if (head.subarray(0, 4).toString("latin1") !== "GGUF")
    return { file, readable: true, sizeBytes, kind: "other" };
  try {
    return { file, readable: true, sizeBytes, kind: "gguf", gguf: await readGgufFacts(file, llama) };
  } catch (error) {
    const ggufError = error instanceof Error ? error.message : String(error);
    return { file, readable: true, sizeBytes, kind: "gguf", ggufError };
  }
}

async function readGgufFacts(file: string, llama: Llama | null): Promise<GgufFacts> {
  const runtime = await import("node-llama-cpp");
  const info = await runtime.readGgufFileInfo(file, { logWarnings: false, sourceType: "filesystem" });
  const fileType = info.metadata.general.file_type;
  // Reverse enum lookups of a number the enum does not know yield undefined at runtime.
  const fileTypeName: string | undefined =
    fileType === undefined ? undefined : runtime.GgufFileType[fileType];
  let quantisation = fileTypeName?.replace(/^(MOSTLY|ALL)_/, "");
  let memory: ModelMemoryFacts | undefined;
  let parameters: number | undefined;
  let trainContextSize: number | undefined;
  if (llama !== null) {
    const insights = await runtime.GgufInsights.from(info, llama);
    parameters = insights.totalParameters;
    trainContextSize = insights.trainContextSize;
    const dominant = insights.dominantTensorType;
    quantisation ??= dominant === undefined ? undefined : runtime.GgmlType[dominant];
    // A header the estimator does not understand still leaves the other facts worth showing.
    memory = await estimateMemory(insights).catch(() => undefined);
  }
  trainContextSize ??= readTrainContextSize(info.architectureMetadata);
  return {
    version: info.version,
    architecture: info.metadata.general.architecture,
    quantisation: quantisation ?? "unknown quantisation",
    ...(parameters === undefined ? {} : { parameters }),
    ...(trainContextSize === undefined ? {} : { trainContextSize }),
    ...(memory === undefined ? {} : { memory }),
  };
}

/**
 * llama.cpp's estimator answers for one context; two estimates that differ by one sequence give the
 * KV cache per token, and what remains of one sequence's estimate is the fixed compute overhead.
 */
async function estimateMemory(insights: GgufInsights): Promise<ModelMemoryFacts> {
  const weights = await insights.estimateModelResourceRequirementsV2({ gpuLayers: 0 });
  const one = await insights.estimateContextResourceRequirementsV2({
    contextSize: probeContextSize,
    modelGpuLayers: 0,
    sequences: 1,
  });
  const two = await insights.estimateContextResourceRequirementsV2({
    contextSize: probeContextSize,
    modelGpuLayers: 0,
    sequences: 2,
  });
  const kvBytesPerToken = Math.max(0, (two.cpuRam - one.cpuRam) / probeContextSize);
  return {
    weightsBytes: weights.cpuRam,
    kvBytesPerToken,
    contextOverheadBytes: Math.max(0, one.cpuRam - kvBytesPerToken * probeContextSize),
  };
}

function readTrainContextSize(metadata: { readonly context_length?: number }): number | undefined {
  return typeof metadata.context_length === "number" ? metadata.context_length : undefined;
}
