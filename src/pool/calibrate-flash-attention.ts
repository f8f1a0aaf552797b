import type { LlamaContext, LlamaModel } from "node-llama-cpp";
import { median } from "./median.ts";
import { memoizeCalibration } from "./memoize-calibration.ts";

export interface FlashAttentionCalibration {
  /** What contexts should be created with: the faster setting, or llama.cpp's default when unmeasured. */
  readonly flashAttention: boolean | "auto";
  /** Median prompt-evaluation tokens/s with flash attention off and on (absent when unmeasured). */
  readonly promptTokensPerSecond: { readonly off: number; readonly on: number } | undefined;
  readonly cached: boolean;
}

export interface CalibrateFlashAttentionOptions {
  readonly threads: number;
  /** Prompt tokens per measurement: review prompts are long, and attention's cost grows with length. Default: 384. */
  readonly promptTokens?: number | undefined;
  /** Rounds per setting, interleaved. Default: 3. */
  readonly rounds?: number | undefined;
  /** A first measurement slower than this means the model is too big to measure quickly: keep the default. Default: 1500 ms. */
  readonly budgetMs?: number | undefined;
}

const cache = new Map<string, Promise<Omit<FlashAttentionCalibration, "cached">>>();

/**
 * Measures whether flash attention makes prompt evaluation faster on this machine and model.
 * llama.cpp's default ("auto") turns it on wherever the model supports it, yet on a CPU it can be
 * several times slower (stories260K on 2 cores: 2.1 s instead of 0.65 s for 1,500 prompt tokens).
 * Prompt evaluation is what a review spends most of its time on, so it is what is measured.
 * Cached per model file and thread count for the process.
 */
export async function calibrateFlashAttention(
  model: LlamaModel,
  file: string,
  options: CalibrateFlashAttentionOptions,
): Promise<FlashAttentionCalibration> {
  if (!model.fileInsights.flashAttentionSupported) {
    return { flashAttention: false, promptTokensPerSecond: undefined, cached: false };
  }
  return memoizeCalibration(cache, file, [options.threads], () => measure(model, options));
}

async function measure(
  model: LlamaModel,
  options: CalibrateFlashAttentionOptions,
): Promise<Omit<FlashAttentionCalibration, "cached">> {
  const length = Math.max(8, options.promptTokens ?? 384);
  const rounds = Math.max(1, options.rounds ?? 3);
  const budgetMs = options.budgetMs ?? 1500;
  const sentence = "The little dog ran to the park and played with a red ball in the warm sun. ";
  let prompt = model.tokenize(sentence);
  if (prompt.length === 0) return { flashAttention: "auto", promptTokensPerSecond: undefined };
  while (prompt.length < length) prompt = [...prompt, ...prompt];
  prompt = prompt.slice(0, length);

  const contexts: LlamaContext[] = [];
  try {
    const off = await model.createContext({
      sequences: 1,
      contextSize: 512,
      threads: options.threads,
      flashAttention: false,
    });
    contexts.push(off);
    const on = await model.createContext({
      sequences: 1,
      contextSize: 512,
      threads: options.threads,
      flashAttention: true,
    });
    contexts.push(on);
    const samples = { off: [] as number[], on: [] as number[] };
    const sequences = { off: off.getSequence(), on: on.getSequence() };
    for (let round = 0; round < rounds; round += 1) {
      for (const setting of ["off", "on"] as const) {
        const sequence = sequences[setting];
        await sequence.clearHistory();
        const started = performance.now();
        await sequence.evaluateWithoutGeneratingNewTokens(prompt);
        const ms = performance.now() - started;
        if (round === 0 && setting === "off" && ms > budgetMs) {
          return { flashAttention: "auto", promptTokensPerSecond: undefined };
        }
        samples[setting].push((prompt.length * 1000) / Math.max(0.001, ms));
      }
    }
    const rates = { off: median(samples.off), on: median(samples.on) };
    return { flashAttention: rates.on > rates.off, promptTokensPerSecond: rates };
  } finally {
    for (const context of contexts) await context.dispose();
  }
}
