import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedPool } from "../../src/pool/index.ts";
import { runFixWorkflow, type FixProgress } from "../../src/workflows/index.ts";
import { git } from "../verify/git-fixture.ts";
import { silentLogger } from "../verify/sandbox-helpers.ts";
import {
  cartIssue,
  cartPullRequest,
  cartPullRequestFiles,
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

/** A cart-js repository whose `refs/pull/7/head` holds `changes` on top of main, as GitHub keeps it. */
async function openPullRequest(changes: Record<string, string> = {}) {
  const { workspace, source } = await harness.openRepository("cart-js", changes);
  const headSha = git(source, "rev-parse", "HEAD").trim();
  git(source, "update-ref", `refs/pull/${cartPullRequest.number}/head`, headSha);
  return { workspace, headSha };
}

const head = { ref: `refs/pull/${cartPullRequest.number}/head`, issue: cartPullRequest };

describe("runFixWorkflow on a pull request (scripted agents, real repository, real sandbox)", () => {
  it("fixes the head's failing test on the head itself, refusing a 'fix' that rewrites the test", async () => {
    const { workspace, headSha } = await openPullRequest(cartPullRequestFiles());
    const stages: FixProgress["stage"][] = [];
    const pool = createScriptedPool((request) => {
      if (request.role === "tests") throw new Error("no reproducing test is wanted for a failing suite");
      return slotOf(request) === 0
        ? fixAnswer(
            [
              {
                path: "test/cart.test.js",
                search: "  assert.equal(total([{ price: 1, quantity: 1 }], 5), 0);\n",
                replace: "  assert.equal(total([{ price: 1, quantity: 1 }], 5), -4);\n",
              },
            ],
            "the new test expects the wrong value",
          )
        : fixAnswer([correctFix]);
    });

    const result = await runFixWorkflow(
      {
        ...head,
        sha: headSha,
        pullRequest: { findings: [], changedPaths: ["src/cart.js", "test/cart.test.js"] },
        settings: { fixAgents: 2 },
      },
      {
        pool,
        sandbox: harness.sandbox,
        workspace,
        logger: silentLogger,
        onProgress: (p) => void stages.push(p.stage),
      },
    );

    expect(result.status).toBe("verified");
    if (result.status !== "verified") return;
    expect(result.baseSha).toBe(headSha);
    expect(result.targets).toEqual({ failingTests: true, findings: [] });
    expect(result.reproduction).toMatchObject({
      status: "skipped",
      summary: expect.stringMatching(/already fails/),
    });
    expect(result.candidates.map((c) => [c.id, c.status])).toEqual([
      [1, "rejected"],
      [2, "verified"],
    ]);
    expect(result.candidates[0]?.reason).toMatch(/^the patch weakens the tests: test\/cart\.test\.js/);
    // Built on the pull request's head: its own change to the file is kept.
    expect(result.files.map((f) => f.path)).toEqual(["src/cart.js"]);
    expect(result.files[0]?.after).toContain("never below 0");
    expect(result.files[0]?.after).toContain("return Math.max(0, sum - discount);");
    expect(result.evidence).toBe("`npm test` failed on the current code and passes with the fix");
    expect(result.log.steps.map((s) => [s.name, s.outcome])).toEqual([
      ["pull request head: test suite", "failed"],
      ["candidate 1: test integrity", "refused"],
      ["candidate 2: test suite", "passed"],
    ]);
    expect(stages).toEqual([
      "fetching",
      "baseline",
      "locating",
      "reproducing",
      "proposing",
      "verifying",
      "verifying",
      "done",
    ]);
    // The agents were shown the pull request and the failing run, fenced as untrusted data.
    expect(pool.requests.map((r) => r.role)).toEqual(["fix", "fix"]);
    const prompt = pool.requests[0]?.prompt ?? "";
    expect(prompt).toContain(`Pull request #7: ${cartPullRequest.title}`);
    expect(prompt).toContain(
      "Output of `npm test` on the current code (it fails; it must pass after your change):",
    );
    expect(prompt).toContain("a discount larger than the cart gives 0");
    expect(prompt).toContain("File: src/cart.js");
  });

  it("fixes Quorum's finding on a passing head once a new test reproduces it", async () => {
    const { workspace, headSha } = await openPullRequest();
    const pool = createScriptedPool((request) =>
      request.role === "tests" ? testAnswer(reproducingTestContent) : fixAnswer([correctFix]),
    );
    const finding = {
      path: "src/cart.js",
      line: 4,
      text: "**Major** · Bug `total` returns a negative amount when the discount is larger than the sum.",
    };

    const result = await runFixWorkflow(
      {
        ...head,
        sha: headSha,
        pullRequest: { findings: [finding], changedPaths: [] },
        settings: { fixAgents: 1 },
      },
      { pool, sandbox: harness.sandbox, workspace, logger: silentLogger },
    );

    expect(result.status).toBe("verified");
    if (result.status !== "verified") return;
    expect(result.targets).toEqual({ failingTests: false, findings: [{ path: "src/cart.js", line: 4 }] });
    expect(result.files.map((f) => f.path)).toEqual(["src/cart.js", "test/quorum-pr-7.test.js"]);
    expect(result.log.steps.map((s) => [s.name, s.outcome])).toEqual([
      ["pull request head: test suite", "passed"],
      ["reproducing test, attempt 1: on the current code", "failed"],
      ["candidate 1: reproducing test", "passed"],
      ["candidate 1: test suite", "passed"],
    ]);
    for (const request of pool.requests)
      expect(request.prompt).toContain(`src/cart.js, line 4: ${finding.text}`);
  });

  it("has nothing to fix on a passing head without findings, and asks no agent", async () => {
    const { workspace, headSha } = await openPullRequest();
    const pool = createScriptedPool(() => fixAnswer([correctFix]));

    const result = await runFixWorkflow(
      { ...head, sha: headSha, pullRequest: { findings: [], changedPaths: ["src/cart.js"] } },
      { pool, sandbox: harness.sandbox, workspace, logger: silentLogger },
    );

    expect(result).toMatchObject({
      status: "nothing-to-fix",
      baseSha: headSha,
      reason: "`npm test` passes on the pull request's head and Quorum has no open review finding on it",
    });
    expect(result.log.steps.map((s) => [s.name, s.outcome])).toEqual([
      ["pull request head: test suite", "passed"],
    ]);
    expect(pool.requests).toHaveLength(0);
  });

  it("does not call a patch that leaves the pull request's test failing a fix", async () => {
    const { workspace, headSha } = await openPullRequest(cartPullRequestFiles());
    const pool = createScriptedPool(() =>
      fixAnswer([{ ...correctFix, replace: "  return Math.max(1, sum - discount);\n" }]),
    );

    const result = await runFixWorkflow(
      { ...head, sha: headSha, pullRequest: { findings: [], changedPaths: [] }, settings: { fixAgents: 1 } },
      { pool, sandbox: harness.sandbox, workspace, logger: silentLogger },
    );

    expect(result).toMatchObject({
      status: "no-verified-fix",
      reason: "no proposed patch passed verification",
      targets: { failingTests: true, findings: [] },
    });
    expect(result.status === "no-verified-fix" && result.candidates.map((c) => c.reason)).toEqual([
      "test suite failed with the patch applied",
    ]);
  });
});
