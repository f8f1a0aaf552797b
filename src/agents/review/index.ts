export { buildReviewPrompt } from "./build-review-prompt.ts";
export {
  defaultMaxFindings,
  maxLooksCorrect,
  maxMessageLength,
  maxReasonLength,
  reviewOutputSchema,
} from "./review-output-schema.ts";
export type {
  ReviewOutput,
  ReviewOutputFinding,
  ReviewOutputJudgement,
  ReviewOutputSchema,
  ReviewSchemaOptions,
} from "./review-output-schema.ts";
export { reviewSampling, runReviewAgent } from "./run-review-agent.ts";
export type { RunReviewAgentInput } from "./run-review-agent.ts";
export { runReviewTasks } from "./run-review-tasks.ts";
export type { RunReviewTasksInput } from "./run-review-tasks.ts";
