export { defaultTestGenerationSettings, runTestGenerationWorkflow } from "./run-test-generation-workflow.ts";
export type {
  GeneratedTestReport,
  TestGenerationDeps,
  TestGenerationInput,
  TestGenerationResult,
  TestGenerationProgress,
  TestGenerationSettings,
  TestGenerationStage,
} from "./run-test-generation-workflow.ts";
export { detectBugFixClaim, type PullRequestText } from "./detect-bug-fix-claim.ts";
export type { CoverageOutcome } from "./measure-coverage-change.ts";
