import type { Logger } from "pino";
import type { Usage } from "../../domain/index.ts";
import type { ModelPool } from "../../pool/index.ts";
import {
  completeWithRetry,
  describeProposer,
  type AgentBudget,
  type ProposerIdentity,
} from "../complete-with-retry.ts";
import { stripHiddenText } from "../strip-hidden-text.ts";
import { buildTestPrompt, type TestPromptInput } from "./build-test-prompt.ts";
import { testOutputSchema } from "./test-output-schema.ts";

export interface RunTestAgentInput {
  readonly pool: ModelPool;
  readonly prompt: TestPromptInput;
  /** Which attempt or agent this is (0-based); it picks the sampling. */
  readonly slot: number;
  readonly budget: AgentBudget;
  readonly signal?: AbortSignal | undefined;
  readonly logger: Logger;
}

export type GeneratedTest =
  | {
      readonly status: "ok";
      readonly agent: ProposerIdentity;
      readonly path: string;
      readonly content: string;
      readonly explanation: string;
      readonly usage: Usage;
    }
  | {
      readonly status: "failed";
      readonly agent: ProposerIdentity;
      readonly reason: string;
      readonly usage: Usage;
    };

/**
 * One test agent (pool role `tests`): asks for a whole new test file at the path Quorum chose.
 * Whether it fails or passes where it should is for the sandbox to find out.
 */
export async function runTestAgent(input: RunTestAgentInput): Promise<GeneratedTest> {
  const outcome = await completeWithRetry({
    pool: input.pool,
    role: "tests",
    prompt: buildTestPrompt(input.prompt),
    schema: testOutputSchema(),
    slot: input.slot,
    budget: input.budget,
    signal: input.signal,
    logger: input.logger.child({ agent: "tests", slot: input.slot }),
  });
  const agent = describeProposer(input.pool, "tests", input.slot, outcome);
  if (!outcome.ok) return { status: "failed", agent, reason: outcome.reason, usage: outcome.usage };
  return {
    status: "ok",
    agent,
    path: input.prompt.testPath,
    content: outcome.value.content,
    explanation: stripHiddenText(outcome.value.explanation).trim(),
    usage: outcome.usage,
  };
}
