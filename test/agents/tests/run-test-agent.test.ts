import { describe, expect, it } from "vitest";
import { buildTestPrompt, runTestAgent, type TestPromptInput } from "../../../src/agents/tests/index.ts";
import { createScriptedPool } from "../../../src/pool/index.ts";
import { silentLogger } from "../../verify/sandbox-helpers.ts";

const prompt: TestPromptInput = {
  purpose: "reproduce",
  issue: { number: 3, title: "itemCount ignores quantity", body: "`itemCount` counts lines, not units." },
  sourceFiles: [{ path: "src/cart.js", content: "export const itemCount = (items) => items.length;\n" }],
  exampleTest: { path: "test/cart.test.js", content: 'import { test } from "node:test";\n' },
  testPath: "test/quorum-issue-3.test.js",
  framework: "node-test",
};
const budget = { maxTokens: 512, timeoutMs: 10_000 };

describe("buildTestPrompt", () => {
  it("asks for a failing test when reproducing, at the path Quorum chose, in the repository's framework", () => {
    const text = buildTestPrompt(prompt);
    expect(text).toMatch(/must FAIL on the code shown/);
    expect(text).toContain('"content": the complete file test/quorum-issue-3.test.js');
    expect(text).toContain("node:test with node:assert/strict");
    expect(text).toContain("Example test of this repository: test/cart.test.js");
  });

  it("asks for a passing test when covering changed code", () => {
    const text = buildTestPrompt({
      ...prompt,
      purpose: "cover",
      framework: "pytest",
      testPath: "tests/test_quorum_cart.py",
    });
    expect(text).toMatch(/must PASS on the code shown/);
    expect(text).toContain("pytest (plain test_ functions with assert)");
  });
});

describe("runTestAgent", () => {
  it("returns the test file for the planned path", async () => {
    const content = 'import { test } from "node:test";\ntest("x", () => {});\n';
    const pool = createScriptedPool(() => JSON.stringify({ explanation: "counts units", content }));
    const generated = await runTestAgent({ pool, prompt, slot: 0, budget, logger: silentLogger });
    expect(generated).toMatchObject({
      status: "ok",
      path: "test/quorum-issue-3.test.js",
      content,
      explanation: "counts units",
    });
    expect(pool.requests[0]?.role).toBe("tests");
  });

  it("refuses an empty test file", async () => {
    const pool = createScriptedPool(() => JSON.stringify({ explanation: "", content: "   \n" }));
    const generated = await runTestAgent({ pool, prompt, slot: 0, budget, logger: silentLogger });
    expect(generated.status === "failed" && generated.reason).toMatch(/the test file is empty/);
  });
});
