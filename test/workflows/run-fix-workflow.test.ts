import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedPool } from "../../src/pool/index.ts";
import { runFixWorkflow, type FixProgress } from "../../src/workflows/index.ts";
import { silentLogger } from "../verify/sandbox-helpers.ts";
import {
  cartIssue,
  correctFix,
  fixAnswer,
  reproducingTestContent,
  slotOf,
  startFixHarness,
  testAnswer,
  type FixHarness,
} from "./fix-workflow-harness.ts";

let harness: FixHarness;
beforeAll(async () => {
  harness = await startFixHarness();
});
afterAll(async () => {
  await harness.dispose();
});

const input = { issue: cartIssue, ref: "main", settings: { fixAgents: 3 } };

describe("runFixWorkflow with scripted agents on a real JavaScript repository", () => {
  it("verifies a correct patch, preferring the one several agents agree on, and ships the reproducing test", async () => {
    const { workspace, cacheDir } = await harness.openRepository("cart-js");
    const stages: FixProgress["stage"][] = [];
    const pool = createScriptedPool((request) => {
      if (request.role === "tests") return testAnswer(reproducingTestContent);
      // Agents 0 and 2 write the same fix (formatted differently); agent 1 writes a bigger, also valid one.
      if (slotOf(request) === 1) {
        return fixAnswer([
          { ...correctFix, replace: "  const result = sum - discount;\n  return result < 0 ? 0 : result;\n" },
        ]);
      }
      return fixAnswer([
        {
          ...correctFix,
          replace: slotOf(request) === 2 ? "  return Math.max(0, sum - discount);   \n" : correctFix.replace,
        },
      ]);
    });

    const result = await runFixWorkflow(input, {
      pool,
      sandbox: harness.sandbox,
      workspace,
      logger: silentLogger,
      onProgress: (p) => void stages.push(p.stage),
    });

    expect(result.status).toBe("verified");
    if (result.status !== "verified") return;
    expect(result.selected.proposers.map((p) => p.slot)).toEqual([0, 2]);
    expect(result.candidates.map((c) => c.status)).toEqual(["verified", "verified"]);
    expect(result.files.map((f) => f.path)).toEqual(["src/cart.js", "test/quorum-issue-12.test.js"]);
    expect(result.files[0]?.after).toContain("return Math.max(0, sum - discount);");
    expect(result.files[1]?.after).toBe(reproducingTestContent);
    expect(result.reproduction.status).toBe("reproduced");
    expect(result.evidence).toMatch(/failed on the current code and passes with the fix/);
    expect(result.log.testCommand).toBe("npm test");
    expect(result.log.steps.map((s) => [s.name, s.outcome])).toEqual([
      ["current code: test suite", "passed"],
      ["reproducing test, attempt 1: on the current code", "failed"],
      ["candidate 1: reproducing test", "passed"],
      ["candidate 1: test suite", "passed"],
      ["candidate 2: reproducing test", "passed"],
      ["candidate 2: test suite", "passed"],
    ]);
    expect(stages).toEqual([
      "fetching",
      "locating",
      "baseline",
      "reproducing",
      "proposing",
      "verifying",
      "verifying",
      "done",
    ]);
    // The fix agents were shown the located source and told how the tests are run.
    const fixPrompt = pool.requests.find((r) => r.role === "fix")?.prompt ?? "";
    expect(fixPrompt).toContain("File: src/cart.js");
    expect(fixPrompt).toContain("npm test");
    expect(fixPrompt).toContain("test/quorum-issue-12.test.js");
    // Every worktree is gone.
    expect(await readdir(join(cacheDir, "worktrees"))).toEqual([]);
  });

  it("rejects a patch that breaks another test, and a malformed one, ending with no verified fix", async () => {
    const { workspace, cacheDir } = await harness.openRepository("cart-js");
    const pool = createScriptedPool((request) => {
      if (request.role === "tests") return testAnswer(reproducingTestContent);
      if (slotOf(request) === 0)
        return fixAnswer([{ ...correctFix, replace: "  return Math.max(0, sum - discount * 2);\n" }]);
      return fixAnswer([
        { path: "src/cart.js", search: "  return total - discounts;\n", replace: "  return 0;\n" },
      ]);
    });

    const result = await runFixWorkflow(
      { ...input, settings: { fixAgents: 2 } },
      { pool, sandbox: harness.sandbox, workspace, logger: silentLogger },
    );

    expect(result.status).toBe("no-verified-fix");
    expect(result.status === "no-verified-fix" && result.reason).toBe(
      "no proposed patch passed verification",
    );
    expect(result.candidates.map((c) => [c.id, c.status, c.reason])).toEqual([
      [1, "rejected", "test suite failed with the patch applied"],
      [
        2,
        "rejected",
        expect.stringMatching(/^the patch does not apply: edit 1 .*does not occur in the file$/),
      ],
    ]);
    // The malformed patch was refused before any worktree or sandbox run.
    const candidate2 = result.log.steps.filter((s) => s.name.startsWith("candidate 2"));
    expect(candidate2.map((s) => s.outcome)).toEqual(["refused"]);
    expect(await readdir(join(cacheDir, "worktrees"))).toEqual([]);
  });

  it("rejects a 'fix' that deletes the failing test, and verifies the real fix against the failing suite", async () => {
    const original = readFileSync(
      join(import.meta.dirname, "../../fixtures/repos/cart-js/test/cart.test.js"),
      "utf8",
    );
    const failingTest =
      '\ntest("a discount larger than the cart gives 0", () => {\n  assert.equal(total([{ price: 1, quantity: 1 }], 5), 0);\n});\n';
    const { workspace } = await harness.openRepository("cart-js", {
      "test/cart.test.js": original + failingTest,
    });
    const pool = createScriptedPool((request) => {
      if (request.role === "tests") return "not json";
      if (slotOf(request) === 0)
        return fixAnswer(
          [{ path: "test/cart.test.js", search: failingTest, replace: "\n" }],
          "the test is wrong",
        );
      return fixAnswer([correctFix]);
    });

    const result = await runFixWorkflow(
      { ...input, settings: { fixAgents: 2, testAttempts: 1 } },
      { pool, sandbox: harness.sandbox, workspace, logger: silentLogger },
    );

    expect(result.status).toBe("verified");
    if (result.status !== "verified") return;
    expect(result.log.steps[0]).toMatchObject({ name: "current code: test suite", outcome: "failed" });
    expect(result.reproduction.status).toBe("not-reproduced");
    expect(result.candidates[0]).toMatchObject({
      status: "rejected",
      reason: expect.stringMatching(/^the patch weakens the tests: test\/cart\.test\.js: removes or changes/),
    });
    expect(result.selected.id).toBe(2);
    expect(result.files.map((f) => f.path)).toEqual(["src/cart.js"]);
    expect(result.evidence).toBe("`npm test` failed on the current code and passes with the fix");
  });

  it("does not call a passing patch a fix when nothing shows the issue was reproduced", async () => {
    const { workspace } = await harness.openRepository("cart-js");
    const pool = createScriptedPool((request) =>
      // The test agent's test passes on the current code, so it reproduces nothing.
      request.role === "tests"
        ? testAnswer('import { test } from "node:test";\ntest("nothing", () => {});\n')
        : fixAnswer([
            {
              path: "src/cart.js",
              search: "/** How many units are in the cart. */\n",
              replace: "/** How many units the cart holds. */\n",
            },
          ]),
    );

    const result = await runFixWorkflow(
      { ...input, settings: { fixAgents: 1, testAttempts: 1 } },
      { pool, sandbox: harness.sandbox, workspace, logger: silentLogger },
    );

    expect(result.status).toBe("no-verified-fix");
    expect(result.candidates.map((c) => c.status)).toEqual(["unproven"]);
    expect(result.reproduction).toMatchObject({
      status: "not-reproduced",
      summary: "attempt 1: the test passed on the current code",
    });
    expect(result.status === "no-verified-fix" && result.reason).toMatch(/nothing shows they fix the issue/);
  });

  it("says so when the repository has no test command", async () => {
    const { workspace } = await harness.openRepository("cart-js", {
      "package.json": JSON.stringify({ name: "cart", type: "module", scripts: {} }),
    });
    const pool = createScriptedPool(() => fixAnswer([correctFix]));
    const result = await runFixWorkflow(input, {
      pool,
      sandbox: harness.sandbox,
      workspace,
      logger: silentLogger,
    });
    expect(result).toMatchObject({
      status: "no-verified-fix",
      reason: expect.stringMatching(/no test command/),
    });
    expect(pool.requests).toHaveLength(0);
  });
});
