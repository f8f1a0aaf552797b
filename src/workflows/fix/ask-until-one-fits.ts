import type { ProposerIdentity } from "../../agents/fix/index.ts";
import type { Usage } from "../../domain/index.ts";
import { ModelRequestError } from "../../pool/index.ts";

/** An agent's answer when none of its requests fit the model. */
export interface FailedAnswer {
  readonly status: "failed";
  readonly agent: ProposerIdentity;
  readonly reason: string;
  readonly usage: Usage;
}

/**
 * Sends the same request at decreasing prompt sizes until one fits the model. A request that does
 * not fit (prompt longer than its context) is this agent's failure, not the job's; the agents
 * already turn other model trouble into failed answers. Cancellation and pool configuration errors
 * propagate.
 */
export async function askUntilOneFits<P, A>(
  slot: number,
  prompts: readonly P[],
  ask: (prompt: P) => Promise<A>,
): Promise<A | FailedAnswer> {
  let failure = { model: "unknown", reason: "no prompt to send" };
  for (const prompt of prompts) {
    try {
      return await ask(prompt);
    } catch (error) {
      if (!(error instanceof ModelRequestError)) throw error;
      failure = {
        model: error.model ?? "unknown",
        reason: `the request did not fit the model: ${error.message}`,
      };
    }
  }
  return {
    status: "failed",
    agent: { slot, model: failure.model, weight: 1 },
    reason: failure.reason,
    usage: { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0, durationMs: 0 },
  };
}
