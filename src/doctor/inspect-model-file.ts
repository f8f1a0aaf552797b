import { open } from "node:fs/promises";
import type { Llama } from "node-llama-cpp";
import { estimateModelCosts, readQuantisation } from "../pool/index.ts";
import type { GgufFacts, ModelCostFacts, ModelFileFacts } from "./doctor-probes.ts";

const lfsPointerStart = "version https://git-lfs";

/** What a header that names no quantisation (and no tensor types) shows instead. */
export const unknownQuantisation = "unknown quantisation";

/**
 * Reads a model file's header (never the weights): GGUF magic, metadata, and llama.cpp's own memory
 * estimate. `llama` is optional so a machine where llama.cpp cannot start still gets the header facts.
 */
export async function inspectModelFile(
  file: string,
  contextSizes: readonly number[],
  llama: Llama | null,
): Promise<ModelFileFacts> {
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
    return {
      file,
      readable: true,
      sizeBytes,
      kind: "gguf",
      gguf: await readGgufFacts(file, contextSizes, llama),
    };
  } catch (error) {
    const ggufError = error instanceof Error ? error.message : String(error);
    return { file, readable: true, sizeBytes, kind: "gguf", ggufError };
  }
}

async function readGgufFacts(
  file: string,
  contextSizes: readonly number[],
  llama: Llama | null,
): Promise<GgufFacts> {
  const runtime = await import("node-llama-cpp");
  const info = await runtime.readGgufFileInfo(file, { logWarnings: false, sourceType: "filesystem" });
  let quantisation = readQuantisation(runtime, info);
  let costs: ModelCostFacts | undefined;
  let parameters: number | undefined;
  let trainContextSize: number | undefined;
  if (llama !== null) {
    const insights = await runtime.GgufInsights.from(info, llama);
    parameters = insights.totalParameters;
    trainContextSize = insights.trainContextSize;
    quantisation ??= readQuantisation(runtime, info, insights);
    // A header the estimator does not understand still leaves the other facts worth showing.
    costs = await estimateModelCosts(insights, contextSizes).catch(() => undefined);
  }
  trainContextSize ??= readTrainContextSize(info.architectureMetadata);
  return {
    version: info.version,
    architecture: info.metadata.general.architecture,
    quantisation: quantisation ?? unknownQuantisation,
    ...(parameters === undefined ? {} : { parameters }),
    ...(trainContextSize === undefined ? {} : { trainContextSize }),
    ...(costs === undefined ? {} : { costs }),
  };
}

function readTrainContextSize(metadata: { readonly context_length?: number }): number | undefined {
  return typeof metadata.context_length === "number" ? metadata.context_length : undefined;
}
