import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";
import { median } from "./median.ts";
import { memoizeCalibration } from "./memoize-calibration.ts";

export interface ThreadCalibration {
  /** The thread count that decoded fastest. */
  readonly threads: number;
  /** Median decode throughput (tokens/s) per candidate thread count. */
  readonly tokensPerSecond: Readonly<Record<number, number>>;
  /** True when the result came from this process's cache instead of a new measurement. */
  readonly cached: boolean;
  readonly durationMs: number;
}

export interface CalibrateThreadsOptions {
  /** The largest candidate; candidates are 1..cores. */
  readonly cores: number;
  /** Sequences decoded together per step, like concurrent agent calls. Default: 2. */
  readonly sequences?: number | undefined;
  /** Rounds per candidate (interleaved, so a burst of load elsewhere hits all alike). Default: 3. */
  readonly rounds?: number | undefined;
  /** Decode steps per round, at most; fewer when a round reaches `roundBudgetMs`. Default: 24. */
  readonly steps?: number | undefined;
  /**
   * Wall time one round of one candidate may take (at least one step always runs), so big models
   * and hopeless candidates calibrate quickly too. Default: 400.
   */
  readonly roundBudgetMs?: number | undefined;
}

const cache = new Map<string, Promise<Omit<ThreadCalibration, "cached">>>();
/** Candidates whose throughput is within this fraction of the best count as a tie; the fewest threads win it. */
const tieTolerance = 0.03;

/**
 * Measures, on this machine and this model, how many threads decode fastest, instead of trusting
 * the default (all cores): on a small model, thread synchronisation costs more than it gains
 * (on a 2-core machine stories260K is ~10× slower with 2 threads than with 1), while big models
 * want every core. One small context per candidate decodes `sequences` tokens per step, the way
 * concurrent calls are batched. The result is cached per model file for the process.
 */
export async function calibrateThreads(
  model: LlamaModel,
  file: string,
  options: CalibrateThreadsOptions,
): Promise<ThreadCalibration> {
  const settings = [options.cores, options.sequences ?? 2];
  return memoizeCalibration(cache, file, settings, () => measure(model, options));
}

async function measure(
  model: LlamaModel,
  options: CalibrateThreadsOptions,
): Promise<Omit<ThreadCalibration, "cached">> {
  const started = performance.now();
  const cores = Math.max(1, options.cores);
  const sequences = Math.max(1, options.sequences ?? 2);
  const rounds = Math.max(1, options.rounds ?? 3);
  const steps = Math.max(2, options.steps ?? 24);
  const roundBudgetMs = options.roundBudgetMs ?? 400;
  const candidates = Array.from({ length: cores }, (_, i) => i + 1);
  if (candidates.length === 1) return { threads: 1, tokensPerSecond: {}, durationMs: 0 };

  const text = "Once upon a time, in a quiet town by the sea, a small dog found a red ball and ran";
  const tokens = model.tokenize(text);
  const prompt = tokens.slice(0, 8);
  if (prompt.length === 0) return { threads: cores, tokensPerSecond: {}, durationMs: 0 };

  const contexts: LlamaContext[] = [];
  try {
    for (const threads of candidates) {
      contexts.push(await model.createContext({ sequences, contextSize: 256, threads }));
    }
    const samples = new Map<number, number[]>(candidates.map((t) => [t, []]));
    let contenders = contexts.map((context, index) => ({
      threads: candidates[index] as number,
      sequences: Array.from({ length: context.totalSequences }, () => context.getSequence()),
    }));
    for (let round = 0; round < rounds; round += 1) {
      for (const { sequences: batch, threads } of contenders) {
        samples.get(threads)?.push(await decodeRound(batch, prompt, tokens, steps, roundBudgetMs));
      }
      // A candidate at less than half the leader's speed will not catch up; measuring it again
      // only makes the warm-up slow (a bad thread count can be 50× slower).
      const leader = Math.max(...contenders.map((c) => median(samples.get(c.threads) ?? [])));
      contenders = contenders.filter((c) => median(samples.get(c.threads) ?? []) >= leader * 0.5);
    }
    const tokensPerSecond: Record<number, number> = {};
    for (const [threads, rates] of samples) tokensPerSecond[threads] = median(rates);
    const best = Math.max(...Object.values(tokensPerSecond));
    const threads = candidates.find((t) => (tokensPerSecond[t] ?? 0) >= best * (1 - tieTolerance)) ?? cores;
    return { threads, tokensPerSecond, durationMs: Math.round(performance.now() - started) };
  } finally {
    for (const context of contexts) await context.dispose();
  }
}

/** Decode throughput (tokens/s) of single-token steps on every sequence at once. */
async function decodeRound(
  sequences: readonly LlamaContextSequence[],
  prompt: readonly Token[],
  tokens: readonly Token[],
  steps: number,
  budgetMs: number,
): Promise<number> {
  const roundStarted = performance.now();
  await Promise.all(sequences.map((s) => s.clearHistory()));
  await Promise.all(sequences.map((s) => s.evaluateWithoutGeneratingNewTokens([...prompt])));
  const started = performance.now();
  let decoded = 0;
  for (let step = 0; step < steps; step += 1) {
    const token = tokens[step % tokens.length] as Token;
    await Promise.all(sequences.map((s) => s.evaluateWithoutGeneratingNewTokens([token])));
    decoded += sequences.length;
    // The prompt counts against the budget too: with a bad thread count it alone can take a second.
    if (performance.now() - roundStarted > budgetMs) break;
  }
  return (decoded * 1000) / Math.max(0.001, performance.now() - started);
}
