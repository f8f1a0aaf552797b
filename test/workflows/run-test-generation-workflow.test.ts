import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createScriptedPool, type ScriptedPool } from "../../src/pool/index.ts";
import type { TestCommandConfig } from "../../src/verify/index.ts";
import {
  runTestGenerationWorkflow,
  type TestGenerationProgress,
  type TestGenerationResult,
} from "../../src/workflows/index.ts";
import { commitFiles, git } from "../verify/git-fixture.ts";
import { silentLogger } from "../verify/sandbox-helpers.ts";
import { correctFix, startFixHarness, type FixHarness } from "./fix-workflow-harness.ts";
import { publishTestsToFakeGitHub } from "./publish-tests-to-fake-github.ts";

let harness: FixHarness;
beforeAll(async () => {
  harness = await startFixHarness();
});
afterAll(async () => {
  await harness.dispose();
});
afterEach(() => {
  nock.cleanAll();
});

const passingTest = [
  'import assert from "node:assert/strict";',
  'import { test } from "node:test";',
  'import { total } from "../src/cart.js";',
  'test("a discount larger than the cart gives 0", () => {',
  "  assert.equal(total([{ price: 1, quantity: 1 }], 5), 0);",
  "});",
  "",
].join("\n");
const wrongTest = passingTest.replace("5), 0)", "5), 3)");
/** Files that pass every runner that does not insist on a test, and test nothing. */
const commentOnlyTest = "// Tests for the cart will go here.\n";
const emptyDescribeTest = [
  'import { describe } from "node:test";',
  'describe("coupons", () => {});',
  "",
].join("\n");
/** Passes on the unfixed cart. */
const itemCountTest = [
  'import assert from "node:assert/strict";',
  'import { test } from "node:test";',
  'import { itemCount } from "../src/cart.js";',
  'test("an empty cart has no items", () => assert.equal(itemCount([]), 0));',
  "",
].join("\n");
const coupon = 'export function couponRate(code) {\n  return code === "HALF" ? 0.5 : 0;\n}\n';

/** A scripted test agent: `forCart` for src/cart.js, `forCoupon` for src/coupon.js. */
function scriptedTests(forCart: string, forCoupon: string): ScriptedPool {
  return createScriptedPool((request) =>
    JSON.stringify({
      explanation: "tests the changed code",
      content: request.prompt.includes("File: src/coupon.js") ? forCoupon : forCart,
    }),
  );
}

/** Test generation for a pull request on `main` of cart-js with `changes` committed, its `changedFiles` given to `pool`. */
async function generateOnMain(options: {
  changes: Record<string, string>;
  changedFiles: string[];
  pool: ScriptedPool;
  testCommand?: TestCommandConfig;
  onProgress?: (progress: TestGenerationProgress) => void;
}): Promise<TestGenerationResult> {
  const { workspace, source } = await harness.openRepository("cart-js", options.changes);
  return runTestGenerationWorkflow(
    {
      pullRequest: { number: 8, title: "Coupons", body: "" },
      headRef: "main",
      headSha: git(source, "rev-parse", "HEAD").trim(),
      changedFiles: options.changedFiles,
      testCommand: options.testCommand,
    },
    {
      pool: options.pool,
      sandbox: harness.sandbox,
      workspace,
      logger: silentLogger,
      onProgress: options.onProgress,
    },
  );
}

/** A pull request that adds src/coupon.js, tested by a scripted agent. */
function generateForCoupons(
  forCart: string,
  forCoupon: string,
  options: Pick<Parameters<typeof generateOnMain>[0], "testCommand" | "onProgress"> = {},
): Promise<TestGenerationResult> {
  return generateOnMain({
    changes: { "src/coupon.js": coupon },
    changedFiles: ["src/cart.js", "src/coupon.js"],
    pool: scriptedTests(forCart, forCoupon),
    ...options,
  });
}

describe("runTestGenerationWorkflow", () => {
  it("keeps a generated test only if it passes on the head and, for a bug fix, fails on the base", async () => {
    const { workspace, source } = await harness.openRepository("cart-js");
    const base = git(source, "rev-parse", "HEAD").trim();
    git(source, "checkout", "--quiet", "-b", "fix-discount");
    const fixed = readCart(source).replace(correctFix.search, correctFix.replace);
    const head = commitFiles(source, { "src/cart.js": fixed }, "clamp the total");

    const pool = createScriptedPool(() =>
      JSON.stringify({ explanation: "covers the clamp", content: passingTest }),
    );
    const stages: string[] = [];
    const result = await runTestGenerationWorkflow(
      {
        pullRequest: { number: 7, title: "Clamp the total at zero", body: "Fixes the negative total." },
        headRef: "fix-discount",
        headSha: head,
        baseRef: "main",
        baseSha: base,
        claimsBugFix: true,
        changedFiles: ["src/cart.js", "README.md"],
      },
      {
        pool,
        sandbox: harness.sandbox,
        workspace,
        logger: silentLogger,
        onProgress: (progress) => void stages.push(progress.stage),
      },
    );

    expect(result.kept.map((t) => [t.path, t.reason])).toEqual([
      ["test/quorum-cart.test.js", "passes on the head and fails on the base"],
    ]);
    expect(result.kept[0]?.content).toBe(passingTest);
    expect(result.log.steps.map((s) => [s.name, s.outcome])).toEqual([
      ["test/quorum-cart.test.js: alone, on the head", "passed"],
      ["test/quorum-cart.test.js: test suite, on the head", "passed"],
      ["test/quorum-cart.test.js: on the base", "failed"],
    ]);
    expect(pool.requests).toHaveLength(1);
    expect(result.baseSha).toBe(base);
    expect(stages).toEqual(["fetching", "installing", "writing", "running", "coverage", "done"]);
    // The existing tests already cover every line of src/cart.js; the new test adds no coverage.
    expect(result.coverage).toMatchObject({
      kind: "measured",
      change: { before: { percent: 100 }, after: { percent: 100 } },
    });

    // Published as a draft pull request into the pull request's own branch.
    const { published, request, body } = await publishTestsToFakeGitHub(result, {
      pullNumber: 7,
      headBranch: "fix-discount",
    });
    expect(published).toEqual({
      kind: "pull-request",
      number: 9,
      url: "https://github.com/octo/cart/pull/9",
      branch: `quorum/tests-7-${head.slice(0, 7)}`,
    });
    expect(request).toMatchObject({ base: "fix-discount", draft: true });
    expect(body).toContain(
      `This pull request says it fixes a bug, so a test was kept only if it also fails on the base (\`${base.slice(0, 7)}\`).`,
    );
    expect(body).toContain("coverage 100.0% → 100.0% (lines)");
  });

  it("discards a generated test that fails on the head", async () => {
    const { workspace, source } = await harness.openRepository("cart-js");
    const head = git(source, "rev-parse", "HEAD").trim();
    const pool = createScriptedPool(() =>
      JSON.stringify({ explanation: "wrong expectation", content: wrongTest }),
    );
    const result = await runTestGenerationWorkflow(
      {
        pullRequest: { number: 8, title: "Refactor", body: "" },
        headRef: "main",
        headSha: head,
        changedFiles: ["src/cart.js"],
      },
      {
        pool,
        sandbox: harness.sandbox,
        workspace,
        logger: silentLogger,
        // A progress report that fails is logged; the run goes on.
        onProgress: () => {
          throw new Error("the progress comment is gone");
        },
      },
    );
    expect(result.kept).toEqual([]);
    expect(result.discarded.map((t) => t.reason)).toEqual([
      "test/quorum-cart.test.js: alone, on the head failed",
    ]);
  });
});

describe("runTestGenerationWorkflow: a test must show it ran", () => {
  it("drops a generated file that runs no test (only a comment, an empty describe), though the runner passes it", async () => {
    const progress: TestGenerationProgress[] = [];
    const result = await generateForCoupons(commentOnlyTest, emptyDescribeTest, {
      onProgress: (report) => void progress.push(report),
    });

    expect(result.kept).toEqual([]);
    expect(result.discarded.map((t) => [t.path, t.reason])).toEqual([
      [
        "test/quorum-cart.test.js",
        "test/quorum-cart.test.js: alone, on the head ran no tests (the runner reported: # pass 1, of which 1 is test/quorum-cart.test.js itself: node:test lists a file that declares no test as a test)",
      ],
      [
        "test/quorum-coupon.test.js",
        "test/quorum-coupon.test.js: alone, on the head ran no tests (the runner reported: # pass 0)",
      ],
    ]);
    // `node --test` passed both: the log shows the pass, and why it did not count.
    const alone = result.log.steps.filter((s) => s.name.endsWith("alone, on the head"));
    expect(alone.map((s) => [s.outcome, s.ok, s.exitCode])).toEqual([
      ["passed", false, 0],
      ["passed", false, 0],
    ]);
    expect(alone[1]?.problems).toEqual(["ran no tests (the runner reported: # pass 0)"]);
    // Each file is reported as it is written and run; nothing was kept, so no coverage run.
    expect(progress.map((p) => [p.stage, p.detail])).toEqual([
      ["fetching", "fetching main"],
      ["installing", "preparing the repository's dependencies"],
      ["writing", "writing tests for `src/cart.js` (1 of 2)"],
      ["running", "running the tests for `src/cart.js` (1 of 2)"],
      ["writing", "writing tests for `src/coupon.js` (2 of 2)"],
      ["running", "running the tests for `src/coupon.js` (2 of 2)"],
      ["done", "0 of 2 generated tests kept"],
    ]);

    const { published, body } = await publishTestsToFakeGitHub(result, { pullNumber: 8, headBranch: "main" });
    expect(published).toEqual({ kind: "comment", id: 77 });
    expect(body).toContain(
      "- `test/quorum-coupon.test.js` (for `src/coupon.js`): test/quorum-coupon.test.js: alone, on the head ran no tests",
    );
  });

  it("without a one-file command, keeps a test only if the suite passes more tests with it than without", async () => {
    // A configured suite command without `testFileCommand`: no file can run alone.
    const result = await generateForCoupons(itemCountTest, emptyDescribeTest, {
      testCommand: { command: "node --test" },
    });

    expect(result.kept.map((t) => [t.path, t.reason])).toEqual([
      ["test/quorum-cart.test.js", "passes on the head"],
    ]);
    expect(result.discarded.map((t) => t.reason)).toEqual([
      "test/quorum-coupon.test.js: test suite, on the head ran no tests: the suite passed 3 with it and 3 without it (the runner reported: # pass 3)",
    ]);
    expect(result.log.steps.map((s) => [s.name, s.outcome, s.ok, s.tests?.passed])).toEqual([
      ["test/quorum-cart.test.js: test suite, on the head", "passed", true, 4],
      ["test suite, on the head without new tests", "passed", true, 3],
      ["test/quorum-coupon.test.js: test suite, on the head", "passed", false, 3],
    ]);
  });
});

describe("runTestGenerationWorkflow: sensitive paths", () => {
  it("refuses a test that would go under .github before any agent is asked or anything runs", async () => {
    // A Go repository whose changed source is a CI tool: Go tests must sit next to it, in .github/.
    const pool = scriptedTests(passingTest, passingTest);
    const result = await generateOnMain({
      changes: {
        "package.json": JSON.stringify({ name: "cart", private: true }),
        "go.mod": "module example.com/cart\n\ngo 1.22\n",
        ".github/tools/check.go": "package main\n\nfunc main() {}\n",
      },
      changedFiles: [".github/tools/check.go"],
      pool,
    });

    expect(result.testCommand).toBe("go test ./...");
    expect(result.kept).toEqual([]);
    expect(result.discarded.map((t) => [t.path, t.reason])).toEqual([
      [
        ".github/tools/quorum_check_test.go",
        "generated test touches .github/tools/quorum_check_test.go: Quorum never changes CI, CODEOWNERS or its own configuration",
      ],
    ]);
    expect(result.log.steps).toEqual([
      {
        name: ".github/tools/quorum_check_test.go: sensitive paths",
        outcome: "refused",
        expected: "pass",
        ok: false,
        problems: [
          "generated test touches .github/tools/quorum_check_test.go: Quorum never changes CI, CODEOWNERS or its own configuration",
        ],
      },
    ]);
    expect(pool.requests).toEqual([]);
  });
});

function readCart(dir: string): string {
  return git(dir, "show", "HEAD:src/cart.js");
}
