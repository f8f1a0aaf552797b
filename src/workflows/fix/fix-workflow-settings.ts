import type { AgentBudget } from "../../agents/fix/index.ts";
import type { SandboxLimits } from "../../verify/index.ts";

export interface FixWorkflowSettings {
  /** Fix agents asked for a patch, in parallel (k). Default: 3. */
  readonly fixAgents: number;
  /** Test agents asked, one after another, for a test that reproduces the issue. Default: 2. */
  readonly testAttempts: number;
  /** Edits one patch may have. Default: 4. */
  readonly maxEdits: number;
  /** Per fix agent. Default: 1536 tokens, 300_000 ms. */
  readonly fixBudget: AgentBudget;
  /** Per test agent. Default: 1024 tokens, 300_000 ms. */
  readonly testBudget: AgentBudget;
  /** Limits of each sandboxed test run. Default: the sandbox's own (10 minutes, …). */
  readonly runLimits: Partial<SandboxLimits>;
  /**
   * Characters of repository files shown to an agent. Default: what the smallest context among the
   * pool's `fix` models leaves after the answer and the instructions (3 characters per token),
   * between 1_000 and 48_000.
   */
  readonly contextChars: number | undefined;
  /**
   * A passing candidate counts as a fix only with evidence that it changes something: a reproducing
   * test that failed before, or a test suite that failed before. Default: true.
   */
  readonly requireEvidence: boolean;
}

export const defaultFixWorkflowSettings: FixWorkflowSettings = {
  fixAgents: 3,
  testAttempts: 2,
  maxEdits: 4,
  fixBudget: { maxTokens: 1536, timeoutMs: 300_000 },
  testBudget: { maxTokens: 1024, timeoutMs: 300_000 },
  runLimits: {},
  contextChars: undefined,
  requireEvidence: true,
};

/** Characters per token assumed when sizing prompts; conservative for code. */
const charactersPerToken = 3;
/** Tokens the instructions and the issue take, roughly. */
const instructionTokens = 700;

/** The file budget for agents whose smallest context is `contextTokens` and who answer in `answerTokens`. */
export function contextCharsFor(contextTokens: number, answerTokens: number): number {
  if (!Number.isFinite(contextTokens)) return 48_000;
  const tokens = contextTokens - answerTokens - instructionTokens;
  return Math.max(1_000, Math.min(48_000, tokens * charactersPerToken));
}
