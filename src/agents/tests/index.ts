export { buildTestPrompt } from "./build-test-prompt.ts";
export type { TestFramework, TestPromptInput, TestPurpose } from "./build-test-prompt.ts";
export { maxTestExplanationLength, maxTestFileLength, testOutputSchema } from "./test-output-schema.ts";
export type { TestOutput, TestOutputSchema } from "./test-output-schema.ts";
export { runTestAgent } from "./run-test-agent.ts";
export type { GeneratedTest, RunTestAgentInput } from "./run-test-agent.ts";
