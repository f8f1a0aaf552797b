import type { Usage } from "../domain/index.ts";

export const zeroUsage: Usage = { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0, durationMs: 0 };

/** Adds up the cost of all sub-tasks, failed ones included: they used the machine too. */
export function sumUsage(usages: readonly Usage[]): Usage {
  return usages.reduce<Usage>(
    (total, usage) => ({
      promptTokens: total.promptTokens + usage.promptTokens,
      reusedPromptTokens: total.reusedPromptTokens + usage.reusedPromptTokens,
      generatedTokens: total.generatedTokens + usage.generatedTokens,
      durationMs: total.durationMs + usage.durationMs,
    }),
    zeroUsage,
  );
}
