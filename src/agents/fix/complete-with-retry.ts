import type { Logger } from "pino";
import type { z } from "zod";
import type { Usage } from "../../domain/index.ts";
import {
  ModelCancelledError,
  ModelTimeoutError,
  PoolError,
  type CompletionResult,
  type JsonSchema,
  type ModelPool,
} from "../../pool/index.ts";

/** One try, plus one retry for output that does not parse or fit the schema. */
const maxAttempts = 2;

export interface AgentBudget {
  /** Cap on generated tokens per call. */
  readonly maxTokens: number;
  /** Wall-clock limit for all attempts together. */
  readonly timeoutMs: number;
}

/** Who answered: the agent slot and the pool member that served it. */
export interface ProposerIdentity {
  readonly slot: number;
  readonly model: string;
  readonly weight: number;
}

/** Sampling per agent slot and attempt: agents differ, and a retry runs hotter so it does not repeat itself. */
export function agentSampling(slot: number, attempt: number): { temperature: number; seed: number } {
  return { temperature: Math.min(1, 0.2 + 0.2 * slot + 0.3 * attempt), seed: 7 + slot * 1000 + attempt };
}

export interface CompleteWithRetryInput<T> {
  readonly pool: ModelPool;
  readonly role: "fix" | "tests";
  readonly prompt: string;
  readonly schema: { readonly jsonSchema: JsonSchema; readonly validator: z.ZodType<T> };
  readonly slot: number;
  readonly budget: AgentBudget;
  readonly signal?: AbortSignal | undefined;
  readonly logger: Logger;
}

export type CompletionOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly agent: ProposerIdentity; readonly usage: Usage }
  | { readonly ok: false; readonly reason: string; readonly agent: ProposerIdentity; readonly usage: Usage };

/**
 * The call-parse-retry loop shared by the fix and test agents: a schema-constrained completion,
 * retried once (hotter) when the output is not valid JSON of the schema or the model failed
 * transiently, within one wall-clock budget.
 */
export async function completeWithRetry<T>(input: CompleteWithRetryInput<T>): Promise<CompletionOutcome<T>> {
  const { pool, signal, logger } = input;
  const startedAt = performance.now();
  const deadline = startedAt + input.budget.timeoutMs;
  const usage = { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0 };
  let model: string | undefined;
  let weight: number | undefined;
  const agent = (): ProposerIdentity => {
    const member = pool
      .members()
      .find((m) => (model === undefined ? m.roles.includes(input.role) : m.name === model));
    return {
      slot: input.slot,
      model: model ?? member?.name ?? "unknown",
      weight: weight ?? member?.weight ?? 1,
    };
  };
  const done = (): Usage => ({ ...usage, durationMs: Math.round(performance.now() - startedAt) });
  let lastReason = "no attempt was made";

  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    if (signal?.aborted === true) throw new ModelCancelledError({ cause: signal.reason, model });
    const timeoutMs = Math.floor(deadline - performance.now());
    if (timeoutMs <= 0) {
      lastReason = `no time left for attempt ${attempt + 1} of ${maxAttempts}`;
      break;
    }
    const sampling = agentSampling(input.slot, attempt);
    let result: CompletionResult;
    try {
      result = await pool.complete({
        role: input.role,
        prompt: input.prompt,
        jsonSchema: input.schema.jsonSchema,
        maxTokens: input.budget.maxTokens,
        timeoutMs,
        temperature: sampling.temperature,
        seed: sampling.seed,
        signal,
      });
    } catch (error) {
      if (!(error instanceof PoolError) || !error.retryable) throw error;
      model = error.model ?? model;
      if (error instanceof ModelTimeoutError) {
        logger.warn({ attempt, model, timeoutMs: input.budget.timeoutMs }, "agent timed out");
        return {
          ok: false,
          reason: `timed out after ${input.budget.timeoutMs} ms`,
          agent: agent(),
          usage: done(),
        };
      }
      lastReason = `the model failed (${error.name})`;
      logger.warn({ attempt, err: error, model }, "agent call failed; retrying");
      continue;
    }
    model = result.model;
    weight = result.weight;
    usage.promptTokens += result.promptTokens;
    usage.reusedPromptTokens += result.reusedPromptTokens;
    usage.generatedTokens += result.generatedTokens;

    const cutOff = result.stopReason === "maxTokens" ? " (cut off at the token cap)" : "";
    let json: unknown;
    try {
      json = JSON.parse(result.text);
    } catch {
      lastReason = `output is not JSON${cutOff}`;
      logger.warn({ attempt, model, reason: lastReason }, "agent output rejected");
      continue;
    }
    const checked = input.schema.validator.safeParse(json);
    if (!checked.success) {
      const issues = checked.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ");
      lastReason = `output does not match the schema${cutOff}: ${issues}`;
      logger.warn({ attempt, model, reason: lastReason }, "agent output rejected");
      continue;
    }
    logger.debug(
      { attempt, model, generatedTokens: result.generatedTokens, durationMs: result.durationMs },
      "agent done",
    );
    return { ok: true, value: checked.data, agent: agent(), usage: done() };
  }
  return {
    ok: false,
    reason: `no valid output after ${maxAttempts} attempts: ${lastReason}`,
    agent: agent(),
    usage: done(),
  };
}
