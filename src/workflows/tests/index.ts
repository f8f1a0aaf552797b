export { defaultTestGenerationSettings, runTestGenerationWorkflow } from "./run-test-generation-workflow.ts";
export type {
  GeneratedTestReport,
  TestGenerationDeps,
  TestGenerationInput,
  TestGenerationResult,
  TestGenerationSettings,
} from "./run-test-generation-workflow.ts";
