import type { Logger } from "pino";
import type {
  AgentIdentity,
  AgentReport,
  Clearance,
  Finding,
  ReviewChunk,
  ReviewTask,
  Usage,
} from "../../domain/index.ts";
import {
  ModelCancelledError,
  ModelTimeoutError,
  PoolError,
  type CompletionResult,
  type ModelPool,
} from "../../pool/index.ts";
import { stripHiddenText } from "../strip-hidden-text.ts";
import { buildReviewPrompt } from "./build-review-prompt.ts";
import { reviewOutputSchema, type ReviewOutputSchema } from "./review-output-schema.ts";

/** One try, plus one retry for output that does not parse or fit the schema. */
const maxAttempts = 2;

export interface RunReviewAgentInput {
  readonly pool: ModelPool;
  readonly chunk: ReviewChunk;
  readonly task: ReviewTask;
  readonly signal?: AbortSignal | undefined;
  readonly logger: Logger;
  /** Cap on findings per answer. Default: 8. */
  readonly maxFindings?: number | undefined;
  /** Scheduling class in the pool: an explicit command goes before automatic reviews. Default: automatic. */
  readonly priority?: "command" | "automatic" | "background" | undefined;
  /** Whose work this is (the repository), so one busy repository cannot starve the others. */
  readonly tenant?: string | undefined;
}

/**
 * One reviewer on one chunk. Model trouble (garbage output, a timeout, a transient backend failure)
 * becomes a `failed` report, never an exception. It throws only what the caller must handle
 * differently: `ModelCancelledError` (the run was superseded) and unrecoverable pool errors
 * (`retryable === false`, e.g. `ModelLoadError`), plus programming errors.
 */
export async function runReviewAgent(input: RunReviewAgentInput): Promise<AgentReport> {
  const { pool, chunk, task, signal } = input;
  const logger = input.logger.child({ reviewer: task.reviewer, chunkId: chunk.id, taskId: task.id });
  const startedAt = performance.now();
  const deadline = startedAt + task.budget.timeoutMs;
  const usage = { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0 };
  const usageSoFar = (): Usage => ({ ...usage, durationMs: Math.round(performance.now() - startedAt) });
  let modelName: string | undefined;
  let weight: number | undefined;
  const identity = (): AgentIdentity => describeAgent(pool, task.reviewer, modelName, weight);

  if (chunk.files.length === 0) {
    return { status: "ok", agent: identity(), chunkId: chunk.id, findings: [], usage: usageSoFar() };
  }

  const schema = reviewOutputSchema(chunk, { maxFindings: input.maxFindings });
  const prompt = buildReviewPrompt(chunk, { maxFindings: input.maxFindings });
  let lastReason = "no attempt was made";

  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    if (signal?.aborted === true) throw new ModelCancelledError({ cause: signal.reason, model: modelName });
    const timeoutMs = Math.floor(deadline - performance.now());
    if (timeoutMs <= 0) {
      lastReason = `no time left for attempt ${attempt + 1} of ${maxAttempts} (${task.budget.timeoutMs} ms budget)`;
      break;
    }
    const sampling = reviewSampling(task.reviewerIndex, attempt);
    let result: CompletionResult;
    try {
      result = await pool.complete({
        role: "review",
        prompt,
        jsonSchema: schema.jsonSchema,
        maxTokens: task.budget.maxTokens,
        timeoutMs,
        temperature: sampling.temperature,
        seed: sampling.seed,
        signal,
        priority: input.priority ?? "automatic",
        tenant: input.tenant,
      });
    } catch (error) {
      if (!(error instanceof PoolError) || !error.retryable) throw error;
      modelName = error.model ?? modelName;
      if (error instanceof ModelTimeoutError) {
        // The whole task budget is spent; a retry has no time to run in.
        logger.warn(
          { attempt, timeoutMs: task.budget.timeoutMs, model: modelName },
          "review agent timed out",
        );
        return failed(`timed out after ${task.budget.timeoutMs} ms`);
      }
      lastReason = `the model failed (${error.name})`;
      logger.warn({ attempt, err: error, model: modelName }, "review agent call failed; retrying");
      continue;
    }

    modelName = result.model;
    weight = result.weight;
    usage.promptTokens += result.promptTokens;
    usage.reusedPromptTokens += result.reusedPromptTokens;
    usage.generatedTokens += result.generatedTokens;

    const parsed = parseReviewOutput(result, schema, chunk);
    if (parsed.ok) {
      logger.debug(
        {
          attempt,
          model: result.model,
          instance: result.instance,
          findings: parsed.findings.length,
          clearances: parsed.clearances.length,
          dropped: parsed.dropped,
          generatedTokens: result.generatedTokens,
          durationMs: result.durationMs,
        },
        "review agent done",
      );
      return {
        status: "ok",
        agent: identity(),
        chunkId: chunk.id,
        findings: parsed.findings,
        clearances: parsed.clearances,
        usage: usageSoFar(),
      };
    }
    lastReason = parsed.reason;
    logger.warn(
      { attempt, model: result.model, reason: parsed.reason, stopReason: result.stopReason },
      "review agent output rejected",
    );
  }
  return failed(`no valid output after ${maxAttempts} attempts: ${lastReason}`);

  function failed(reason: string): AgentReport {
    return { status: "failed", agent: identity(), chunkId: chunk.id, reason, usage: usageSoFar() };
  }
}

/**
 * Reviewers of the same chunk must not be clones: each slot gets its own seed and a slightly
 * different temperature, and a retry runs hotter so it does not repeat the same broken answer.
 */
export function reviewSampling(
  reviewerIndex: number,
  attempt: number,
): { temperature: number; seed: number } {
  return {
    temperature: Math.min(1, 0.2 + 0.15 * reviewerIndex + 0.3 * attempt),
    seed: 1 + reviewerIndex * 1000 + attempt,
  };
}

type ParsedReview =
  | {
      readonly ok: true;
      readonly findings: readonly Finding[];
      readonly clearances: readonly Clearance[];
      /** Findings and judgements thrown away: unknown path, impossible line, empty text. */
      readonly dropped: number;
    }
  | { readonly ok: false; readonly reason: string };

function parseReviewOutput(
  result: CompletionResult,
  schema: ReviewOutputSchema,
  chunk: ReviewChunk,
): ParsedReview {
  const cutOff = result.stopReason === "maxTokens" ? " (cut off at the token cap)" : "";
  let json: unknown;
  try {
    json = JSON.parse(result.text);
  } catch {
    return { ok: false, reason: `output is not JSON${cutOff}` };
  }
  const checked = schema.validator.safeParse(json);
  if (!checked.success) {
    const issues = checked.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    return { ok: false, reason: `output does not match the schema${cutOff}: ${issues}` };
  }
  const paths = new Set(chunk.files.map((f) => f.path));
  const findings: Finding[] = [];
  for (const f of checked.data.findings) {
    const message = stripHiddenText(f.message).trim();
    if (!paths.has(f.path) || f.line < 1 || message === "") continue;
    findings.push({ ...f, message });
  }
  const judgements = checked.data.looksCorrect ?? [];
  const clearances: Clearance[] = [];
  for (const j of judgements) {
    const reason = stripHiddenText(j.reason).trim();
    if (!paths.has(j.path) || j.line < 1 || reason === "") continue;
    // An agent that flags a line and clears it in one answer has not cleared it.
    if (findings.some((f) => f.path === j.path && f.line === j.line)) continue;
    clearances.push({ path: j.path, line: j.line, reason });
  }
  const dropped = checked.data.findings.length - findings.length + (judgements.length - clearances.length);
  return { ok: true, findings, clearances, dropped };
}

function describeAgent(
  pool: ModelPool,
  reviewer: string,
  model: string | undefined,
  weight: number | undefined,
): AgentIdentity {
  const reviewers = pool.members().filter((m) => m.roles.includes("review"));
  // Without a model name, the only honest guess is the sole member that could have served.
  const member =
    model === undefined
      ? reviewers.length === 1
        ? reviewers[0]
        : undefined
      : reviewers.find((m) => m.name === model);
  return {
    reviewer,
    model: model ?? member?.name ?? "unknown",
    weight: weight ?? member?.weight ?? 1,
  };
}
