import type { ContextFile, IssueText } from "../fix/index.ts";
import { renderAgentPrompt, renderFileBlock } from "../render-agent-prompt.ts";
import { stripHiddenText } from "../strip-hidden-text.ts";
import { maxTestExplanationLength, maxTestFileLength } from "./test-output-schema.ts";

/** Test frameworks the prompt has a hint for (the same names `verify` detects). */
export type TestFramework = "node-test" | "vitest" | "jest" | "mocha" | "pytest" | "go" | "cargo" | "unknown";

/**
 * Why the test is wanted: `reproduce` a reported bug (the test must fail on the current code), or
 * `cover` changed code (the test must pass on it).
 */
export type TestPurpose = "reproduce" | "cover";

export interface TestPromptInput {
  readonly purpose: TestPurpose;
  /** The bug to reproduce; for `cover`, the pull request's title and description. */
  readonly issue?: IssueText | undefined;
  /** The code under test, shown in full. */
  readonly sourceFiles: readonly ContextFile[];
  /** An existing test of the repository, so the new one follows its framework and style. */
  readonly exampleTest?: ContextFile | undefined;
  /** Where the new test file will be written (chosen by Quorum, relative to the repository root). */
  readonly testPath: string;
  readonly framework: TestFramework;
}

const frameworkHints: Record<TestFramework, string> = {
  "node-test": 'node:test with node:assert/strict (import { test } from "node:test")',
  vitest: 'vitest (import { describe, expect, it } from "vitest")',
  jest: "jest (describe/it/expect globals)",
  mocha: "mocha with node:assert",
  pytest: "pytest (plain test_ functions with assert)",
  go: "Go's testing package (func TestXxx(t *testing.T)) in the same package",
  cargo: "Rust integration tests (#[test] functions)",
  unknown: "the framework the example test uses",
};

/** The prompt for one test agent: instructions, then the code and context, fenced as untrusted data. */
export function buildTestPrompt(input: TestPromptInput): string {
  const sections: string[] = [];
  if (input.issue !== undefined) {
    const heading = input.purpose === "reproduce" ? `Issue #${input.issue.number}` : "Pull request";
    sections.push(
      `${heading}: ${stripHiddenText(input.issue.title).trim()}`,
      stripHiddenText(input.issue.body).trim() || "(no description)",
    );
  }
  sections.push(...input.sourceFiles.map((file) => renderFileBlock(`File: ${file.path}`, file.content)));
  if (input.exampleTest !== undefined) {
    sections.push(
      renderFileBlock(
        `Example test of this repository: ${input.exampleTest.path}`,
        input.exampleTest.content,
      ),
    );
  }
  const goal =
    input.purpose === "reproduce"
      ? [
          "Write one new test file that reproduces the reported bug: it must FAIL on the code shown, because of",
          "the bug, and pass once the bug is fixed. Test the behaviour the issue describes, nothing else.",
        ]
      : [
          "Write one new test file for the code shown: it must PASS on the code shown and check its real",
          "behaviour (edge cases included), so that a regression would make it fail.",
        ];
  return renderAgentPrompt(
    [
      "You write tests for a software repository.",
      ...goal,
      "",
      "How to answer:",
      '- Reply with one JSON object and nothing else: {"explanation": "...", "content": "..."}.',
      `- "explanation": what the test checks, at most ${maxTestExplanationLength} characters.`,
      `- "content": the complete file ${input.testPath}, at most ${maxTestFileLength} characters, using`,
      `  ${frameworkHints[input.framework]}. Import the code under test with paths relative to ${input.testPath}.`,
      "- No network, no new dependencies, no skipped tests.",
    ],
    sections.join("\n\n"),
  );
}
