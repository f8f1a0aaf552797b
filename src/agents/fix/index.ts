export { buildFixPrompt } from "./build-fix-prompt.ts";
export type { ContextFile, FailingTest, FixPromptInput, IssueText } from "./build-fix-prompt.ts";
export {
  defaultMaxEdits,
  fixOutputSchema,
  maxEditTextLength,
  maxExplanationLength,
} from "./fix-output-schema.ts";
export type { FixOutput, FixOutputEdit, FixOutputSchema, FixSchemaOptions } from "./fix-output-schema.ts";
export type { AgentBudget, ProposerIdentity } from "../complete-with-retry.ts";
export { runFixAgent } from "./run-fix-agent.ts";
export type { FixProposal, RunFixAgentInput } from "./run-fix-agent.ts";
