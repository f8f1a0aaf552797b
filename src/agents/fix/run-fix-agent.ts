import type { Logger } from "pino";
import type { Usage } from "../../domain/index.ts";
import type { ModelPool } from "../../pool/index.ts";
import { stripHiddenText } from "../strip-hidden-text.ts";
import { buildFixPrompt, type FixPromptInput } from "./build-fix-prompt.ts";
import {
  completeWithRetry,
  describeProposer,
  type AgentBudget,
  type ProposerIdentity,
} from "../complete-with-retry.ts";
import { fixOutputSchema, type FixOutputEdit } from "./fix-output-schema.ts";

export interface RunFixAgentInput {
  readonly pool: ModelPool;
  readonly prompt: FixPromptInput;
  /** Which of the k fix agents this is (0-based): it picks the sampling, so agents differ. */
  readonly slot: number;
  readonly budget: AgentBudget;
  /** Cap on edits per answer. Default: 4. */
  readonly maxEdits?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly logger: Logger;
}

export type FixProposal =
  | {
      readonly status: "ok";
      readonly agent: ProposerIdentity;
      readonly explanation: string;
      readonly edits: readonly FixOutputEdit[];
      readonly usage: Usage;
    }
  | {
      readonly status: "failed";
      readonly agent: ProposerIdentity;
      readonly reason: string;
      readonly usage: Usage;
    };

/**
 * One fix agent: asks the pool (role `fix`) for search/replace edits under a JSON schema and
 * checks the answer. Whether the edits apply or fix anything is for verification to find out.
 * Model trouble becomes a `failed` proposal; it throws only `ModelCancelledError` and
 * non-retryable pool errors.
 */
export async function runFixAgent(input: RunFixAgentInput): Promise<FixProposal> {
  const schema = fixOutputSchema(
    input.prompt.files.map((file) => file.path),
    { maxEdits: input.maxEdits },
  );
  const prompt = buildFixPrompt(input.prompt, { maxEdits: input.maxEdits });
  const outcome = await completeWithRetry({
    pool: input.pool,
    role: "fix",
    prompt,
    schema,
    slot: input.slot,
    budget: input.budget,
    signal: input.signal,
    logger: input.logger.child({ agent: "fix", slot: input.slot }),
  });
  const agent = describeProposer(input.pool, "fix", input.slot, outcome);
  if (!outcome.ok) return { status: "failed", agent, reason: outcome.reason, usage: outcome.usage };
  return {
    status: "ok",
    agent,
    explanation: stripHiddenText(outcome.value.explanation).trim(),
    edits: outcome.value.edits,
    usage: outcome.usage,
  };
}
