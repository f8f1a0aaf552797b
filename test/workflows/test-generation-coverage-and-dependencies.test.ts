import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createScriptedPool } from "../../src/pool/index.ts";
import type { GeneratedTestsLike } from "../../src/publish/index.ts";
import { runTestGenerationWorkflow } from "../../src/workflows/index.ts";
import { startFakeNpmRegistry, type FakeNpmRegistry } from "../verify/fake-npm-registry.ts";
import { commitFiles } from "../verify/git-fixture.ts";
import { silentLogger } from "../verify/sandbox-helpers.ts";
import { startFixHarness, type FixHarness } from "./fix-workflow-harness.ts";
import { publishTestsToFakeGitHub } from "./publish-tests-to-fake-github.ts";

let harness: FixHarness;
let registry: FakeNpmRegistry;
beforeAll(async () => {
  harness = await startFixHarness();
  registry = await startFakeNpmRegistry();
});
afterAll(async () => {
  await registry.close();
  await harness.dispose();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const coupon = [
  "/** The share of the price a coupon code takes off. */",
  "export function couponRate(code) {",
  '  if (code === "HALF") return 0.5;',
  '  if (code === "TENTH") return 0.1;',
  "  return 0;",
  "}",
  "",
].join("\n");

const couponTest = [
  'import assert from "node:assert/strict";',
  'import { test } from "node:test";',
  'import { couponRate } from "../src/coupon.js";',
  'test("each coupon code has its rate, unknown codes none", () => {',
  '  assert.equal(couponRate("HALF"), 0.5);',
  '  assert.equal(couponRate("TENTH"), 0.1);',
  '  assert.equal(couponRate("NOPE"), 0);',
  "});",
  "",
].join("\n");

function answer(content: string): string {
  return JSON.stringify({ explanation: "covers the change", content });
}

/** The body Quorum posts for `result`: the draft pull request's, or the comment's when nothing was kept. */
async function publishedBody(result: GeneratedTestsLike): Promise<string> {
  return (await publishTestsToFakeGitHub(result, { pullNumber: 5, headBranch: "feature" })).body;
}

describe("test generation: coverage", () => {
  it("measures the head's line coverage without and with the kept test, and the PR body reports it", async () => {
    const { workspace, source } = await harness.openRepository("cart-js");
    const head = commitFiles(source, { "src/coupon.js": coupon }, "add coupons");
    const result = await runTestGenerationWorkflow(
      {
        pullRequest: { number: 5, title: "Add coupons", body: "New coupon codes." },
        headRef: "main",
        headSha: head,
        changedFiles: ["src/coupon.js"],
      },
      {
        pool: createScriptedPool(() => answer(couponTest)),
        sandbox: harness.sandbox,
        workspace,
        logger: silentLogger,
      },
    );
    expect(result.kept.map((t) => t.path)).toEqual(["test/quorum-coupon.test.js"]);
    // Before: src/cart.js fully covered (10 lines), src/coupon.js never loaded (6 lines); after: both.
    expect(result.coverage).toEqual({
      kind: "measured",
      change: {
        before: { lines: 16, covered: 10, percent: 62.5 },
        after: { lines: 16, covered: 16, percent: 100 },
        files: 2,
      },
      command:
        "node --test --experimental-test-coverage --test-reporter=lcov --test-reporter-destination=stdout",
    });
    // Coverage runs are measurements, not verification: the log holds the test's own runs only.
    expect(result.log.steps.map((s) => s.name)).toEqual([
      "test/quorum-coupon.test.js: alone, on the head",
      "test/quorum-coupon.test.js: test suite, on the head",
    ]);
    expect(await publishedBody(result)).toContain("coverage 62.5% → 100.0% (lines)");
  });

  it("says nothing about coverage when the test command is not one it can measure", async () => {
    const { workspace, source } = await harness.openRepository("cart-js");
    const head = commitFiles(source, { "src/coupon.js": coupon }, "add coupons");
    const result = await runTestGenerationWorkflow(
      {
        pullRequest: { number: 5, title: "Add coupons", body: "" },
        headRef: "main",
        headSha: head,
        changedFiles: ["src/coupon.js"],
        testCommand: { command: "node --test && echo done", testFileCommand: "node --test {file}" },
      },
      {
        pool: createScriptedPool(() => answer(couponTest)),
        sandbox: harness.sandbox,
        workspace,
        logger: silentLogger,
      },
    );
    expect(result.kept).toHaveLength(1);
    expect(result.coverage).toEqual({
      kind: "not-measured",
      why: "the test script is not a plain `node --test` command",
    });
    expect(await publishedBody(result)).not.toMatch(/coverage/i);
  });
});

const padTotal = [
  'import { pad } from "quorum-pad";',
  'import { total } from "./cart.js";',
  "",
  "/** The total, right-aligned in `width` columns for the receipt. */",
  "export function receiptLine(items, width) {",
  "  return pad(total(items).toFixed(2), width);",
  "}",
  "",
].join("\n");

const padTotalTest = [
  'import assert from "node:assert/strict";',
  'import { test } from "node:test";',
  'import { receiptLine } from "../src/receipt.js";',
  'test("the total is right-aligned", () => {',
  '  assert.equal(receiptLine([{ price: 2, quantity: 3 }], 8), "    6.00");',
  "});",
  "",
].join("\n");

describe("test generation: dependencies", () => {
  async function openWithDependency(): Promise<{
    workspace: Awaited<ReturnType<FixHarness["openRepository"]>>["workspace"];
    head: string;
  }> {
    const { workspace, source } = await harness.openRepository("cart-js");
    const head = commitFiles(
      source,
      {
        ...registry.projectFiles({ name: "cart", scripts: { test: "node --test" } }),
        "src/receipt.js": padTotal,
      },
      "receipt line",
    );
    return { workspace, head };
  }

  const input = (head: string) => ({
    pullRequest: { number: 5, title: "Receipt line", body: "" },
    headRef: "main",
    headSha: head,
    changedFiles: ["src/receipt.js"],
  });

  it("without a registry, the install fails fast and the result says the tests ran without dependencies", async () => {
    const { workspace, head } = await openWithDependency();
    const requests = registry.requests.length;
    const result = await runTestGenerationWorkflow(input(head), {
      pool: createScriptedPool(() => answer(padTotalTest)),
      sandbox: harness.sandbox,
      workspace,
      logger: silentLogger,
    });
    expect(registry.requests.length).toBe(requests);
    expect(result.log.steps[0]).toMatchObject({
      name: "install dependencies (no network: no registry allowed by the operator)",
      outcome: "failed",
    });
    expect(result.dependencies).toBe(
      "dependencies could not be installed: `npm ci --ignore-scripts` failed: the sandbox has no network, and the operator has allowed no package registry (QUORUM_INSTALL_REGISTRY)",
    );
    // The test needs the package, so it fails on the head and is not kept.
    expect(result.kept).toEqual([]);
    expect(result.discarded.map((t) => t.reason)).toEqual([
      "test/quorum-receipt.test.js: alone, on the head failed",
    ]);
    expect(await publishedBody(result)).toContain(
      "⚠️ The tests ran without the repository's dependencies: dependencies could not be installed",
    );
  });

  it("with the operator's registry, every run installs from it first and the test that needs the package is kept", async () => {
    const { workspace, head } = await openWithDependency();
    nock.enableNetConnect();
    const result = await runTestGenerationWorkflow(input(head), {
      pool: createScriptedPool(() => answer(padTotalTest)),
      sandbox: harness.sandbox,
      workspace,
      logger: silentLogger,
      installRegistry: registry.url,
    });
    const install = `install dependencies (network: ${new URL(registry.url).origin} only)`;
    expect(result.log.steps.map((s) => [s.name, s.outcome])).toEqual([
      [install, "passed"],
      [install, "passed"],
      ["test/quorum-receipt.test.js: alone, on the head", "passed"],
      ["test/quorum-receipt.test.js: test suite, on the head", "passed"],
    ]);
    expect(result.dependencies).toBeUndefined();
    expect(result.kept.map((t) => t.path)).toEqual(["test/quorum-receipt.test.js"]);
    expect(result.coverage?.kind).toBe("measured");
  });
});
