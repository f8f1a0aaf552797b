import type { Logger } from "pino";
import type {
  AgentIdentity,
  AgentReport,
  Clearance,
  Finding,
  ReviewChunk,
  ReviewTask,
} from "../../domain/index.ts";
import type { ModelPool } from "../../pool/index.ts";
import { completeWithRetry, type Sampling } from "../complete-with-retry.ts";
import { stripHiddenText } from "../strip-hidden-text.ts";
import { buildReviewPrompt } from "./build-review-prompt.ts";
import { reviewOutputSchema, type ReviewOutput } from "./review-output-schema.ts";

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
  const { pool, chunk, task } = input;
  const logger = input.logger.child({ reviewer: task.reviewer, chunkId: chunk.id, taskId: task.id });

  if (chunk.files.length === 0) {
    const usage = { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0, durationMs: 0 };
    return {
      status: "ok",
      agent: describeAgent(pool, task.reviewer),
      chunkId: chunk.id,
      findings: [],
      usage,
    };
  }

  const outcome = await completeWithRetry({
    pool,
    role: "review",
    prompt: buildReviewPrompt(chunk, { maxFindings: input.maxFindings }),
    schema: reviewOutputSchema(chunk, { maxFindings: input.maxFindings }),
    slot: task.reviewerIndex,
    sampling: reviewSampling,
    budget: task.budget,
    signal: input.signal,
    priority: input.priority ?? "automatic",
    tenant: input.tenant,
    logger,
  });
  const agent = describeAgent(pool, task.reviewer, outcome.model, outcome.weight);
  if (!outcome.ok) {
    return { status: "failed", agent, chunkId: chunk.id, reason: outcome.reason, usage: outcome.usage };
  }
  const { findings, clearances, dropped } = keepGroundedItems(outcome.value, chunk);
  logger.debug({ findings: findings.length, clearances: clearances.length, dropped }, "review agent done");
  return { status: "ok", agent, chunkId: chunk.id, findings, clearances, usage: outcome.usage };
}

/**
 * Reviewers of the same chunk must not be clones: each slot gets its own seed and a slightly
 * different temperature, and a retry runs hotter so it does not repeat the same broken answer.
 */
export function reviewSampling(reviewerIndex: number, attempt: number): Sampling {
  return {
    temperature: Math.min(1, 0.2 + 0.15 * reviewerIndex + 0.3 * attempt),
    seed: 1 + reviewerIndex * 1000 + attempt,
  };
}

/**
 * Drops what the model made up or left empty: findings and judgements on paths not in the chunk,
 * impossible lines, empty text.
 */
function keepGroundedItems(
  output: ReviewOutput,
  chunk: ReviewChunk,
): { findings: Finding[]; clearances: Clearance[]; dropped: number } {
  const paths = new Set(chunk.files.map((f) => f.path));
  const findings: Finding[] = [];
  for (const f of output.findings) {
    const message = stripHiddenText(f.message).trim();
    if (!paths.has(f.path) || f.line < 1 || message === "") continue;
    findings.push({ ...f, message });
  }
  const judgements = output.looksCorrect ?? [];
  const clearances: Clearance[] = [];
  for (const j of judgements) {
    const reason = stripHiddenText(j.reason).trim();
    if (!paths.has(j.path) || j.line < 1 || reason === "") continue;
    // An agent that flags a line and clears it in one answer has not cleared it.
    if (findings.some((f) => f.path === j.path && f.line === j.line)) continue;
    clearances.push({ path: j.path, line: j.line, reason });
  }
  const dropped = output.findings.length - findings.length + (judgements.length - clearances.length);
  return { findings, clearances, dropped };
}

function describeAgent(pool: ModelPool, reviewer: string, model?: string, weight?: number): AgentIdentity {
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
