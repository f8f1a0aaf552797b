import type { Logger } from "pino";
import type { z } from "zod";
import type { Role } from "../config/index.ts";
import type { Usage } from "../domain/index.ts";
import {
  ModelCancelledError,
  ModelTimeoutError,
  PoolError,
  type CompletionResult,
  type JsonSchema,
  type ModelPool,
  type Priority,
} from "../pool/index.ts";

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

export interface Sampling {
  readonly temperature: number;
  readonly seed: number;
}

/** Sampling per agent slot and attempt: agents differ, and a retry runs hotter so it does not repeat itself. */
export function agentSampling(slot: number, attempt: number): Sampling {
  return { temperature: Math.min(1, 0.2 + 0.2 * slot + 0.3 * attempt), seed: 7 + slot * 1000 + attempt };
}

export interface CompleteWithRetryInput<T> {
  readonly pool: ModelPool;
  readonly role: Role;
  readonly prompt: string;
  readonly schema: { readonly jsonSchema: JsonSchema; readonly validator: z.ZodType<T> };
  /** Which of the agents on this task this is (0-based); with the attempt it picks the sampling. */
  readonly slot: number;
  /** Sampling per slot and attempt. Default: `agentSampling`. */
  readonly sampling?: ((slot: number, attempt: number) => Sampling) | undefined;
  readonly budget: AgentBudget;
  readonly signal?: AbortSignal | undefined;
  /** Scheduling class in the pool. Default: the pool's (`automatic`). */
  readonly priority?: Priority | undefined;
  /** Fairness key in the pool. Default: the pool's shared tenant. */
  readonly tenant?: string | undefined;
  readonly logger: Logger;
}

/** The pool member that served the last call, as far as it is known. */
export interface ServedBy {
  readonly model: string | undefined;
  readonly weight: number | undefined;
}

export type CompletionOutcome<T> = ServedBy & { readonly usage: Usage } & (
    { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string }
  );

/**
 * The call-parse-retry loop shared by the review, fix and test agents: a schema-constrained
 * completion, retried once (hotter) when the output is not valid JSON of the schema or the model
 * failed transiently, within one wall-clock budget. Model trouble becomes `ok: false`; it throws
 * only `ModelCancelledError`, non-retryable pool errors and programming errors.
 */
export async function completeWithRetry<T>(input: CompleteWithRetryInput<T>): Promise<CompletionOutcome<T>> {
  const { pool, signal, logger } = input;
  const sampleFor = input.sampling ?? agentSampling;
  const startedAt = performance.now();
  const deadline = startedAt + input.budget.timeoutMs;
  const usage = { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0 };
  let model: string | undefined;
  let weight: number | undefined;
  const finish = (): ServedBy & { usage: Usage } => ({
    model,
    weight,
    usage: { ...usage, durationMs: Math.round(performance.now() - startedAt) },
  });
  let lastReason = "no attempt was made";

  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    if (signal?.aborted === true) throw new ModelCancelledError({ cause: signal.reason, model });
    const timeoutMs = Math.floor(deadline - performance.now());
    if (timeoutMs <= 0) {
      lastReason = `no time left for attempt ${attempt + 1} of ${maxAttempts} (${input.budget.timeoutMs} ms budget)`;
      break;
    }
    const sampling = sampleFor(input.slot, attempt);
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
        priority: input.priority,
        tenant: input.tenant,
      });
    } catch (error) {
      if (!(error instanceof PoolError) || !error.retryable) throw error;
      model = error.model ?? model;
      if (error instanceof ModelTimeoutError) {
        // The whole budget is spent; a retry has no time to run in.
        logger.warn({ attempt, model, timeoutMs: input.budget.timeoutMs }, "agent timed out");
        return { ok: false, reason: `timed out after ${input.budget.timeoutMs} ms`, ...finish() };
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

    const parsed = parseOutput(result, input.schema.validator);
    if (!parsed.ok) {
      lastReason = parsed.reason;
      logger.warn({ attempt, model, reason: lastReason }, "agent output rejected");
      continue;
    }
    logger.debug(
      {
        attempt,
        model,
        instance: result.instance,
        generatedTokens: result.generatedTokens,
        durationMs: result.durationMs,
      },
      "agent done",
    );
    return { ok: true, value: parsed.value, ...finish() };
  }
  return { ok: false, reason: `no valid output after ${maxAttempts} attempts: ${lastReason}`, ...finish() };
}

/**
 * The identity of a fix or test agent. Without a model name (no call got an answer), the first
 * member that serves the role stands in.
 */
export function describeProposer(
  pool: ModelPool,
  role: Role,
  slot: number,
  served: ServedBy,
): ProposerIdentity {
  const member = pool
    .members()
    .find((m) => (served.model === undefined ? m.roles.includes(role) : m.name === served.model));
  return {
    slot,
    model: served.model ?? member?.name ?? "unknown",
    weight: served.weight ?? member?.weight ?? 1,
  };
}

function parseOutput<T>(
  result: CompletionResult,
  validator: z.ZodType<T>,
): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string } {
  const cutOff = result.stopReason === "maxTokens" ? " (cut off at the token cap)" : "";
  let json: unknown;
  try {
    json = JSON.parse(result.text);
  } catch {
    return { ok: false, reason: `output is not JSON${cutOff}` };
  }
  const checked = validator.safeParse(json);
  if (!checked.success) {
    const issues = checked.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    return { ok: false, reason: `output does not match the schema${cutOff}: ${issues}` };
  }
  return { ok: true, value: checked.data };
}
