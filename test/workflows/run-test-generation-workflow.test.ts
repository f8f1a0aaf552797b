import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createScriptedPool } from "../../src/pool/index.ts";
import { publishGeneratedTests } from "../../src/publish/index.ts";
import { startFakeGitHub } from "../helpers/openapi-fake-github.ts";
import { runTestGenerationWorkflow } from "../../src/workflows/index.ts";
import { commitFiles, git } from "../verify/git-fixture.ts";
import { silentLogger } from "../verify/sandbox-helpers.ts";
import { correctFix, startFixHarness, type FixHarness } from "./fix-workflow-harness.ts";

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
      { pool, sandbox: harness.sandbox, workspace, logger: silentLogger },
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

    // Published as a draft pull request into the pull request's own branch.
    const github = await startFakeGitHub();
    const sha = (c: string): string => c.repeat(40);
    github.api
      .post("/repos/octo/cart/git/blobs")
      .reply(201, { sha: sha("b") })
      .get(`/repos/octo/cart/git/commits/${head}`)
      .reply(200, { sha: head, tree: { sha: sha("e") }, parents: [] })
      .post("/repos/octo/cart/git/trees")
      .reply(201, { sha: sha("f") })
      .post("/repos/octo/cart/git/commits")
      .reply(201, { sha: sha("1") })
      .post("/repos/octo/cart/git/refs")
      .reply(201, { ref: "x", object: { sha: sha("1") } })
      .post("/repos/octo/cart/pulls")
      .reply(201, { number: 9, html_url: "https://github.com/octo/cart/pull/9" });
    const published = await publishGeneratedTests(github.octokit, {
      owner: "octo",
      repo: "cart",
      pullNumber: 7,
      headBranch: "fix-discount",
      result,
    });
    expect(published).toEqual({
      kind: "pull-request",
      number: 9,
      url: "https://github.com/octo/cart/pull/9",
      branch: `quorum/tests-7-${head.slice(0, 7)}`,
    });
    github.assertDone();
    expect(github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/pulls")[0]?.body).toMatchObject({
      base: "fix-discount",
      draft: true,
    });
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
      { pool, sandbox: harness.sandbox, workspace, logger: silentLogger },
    );
    expect(result.kept).toEqual([]);
    expect(result.discarded.map((t) => t.reason)).toEqual([
      "test/quorum-cart.test.js: alone, on the head failed",
    ]);
  });
});

function readCart(dir: string): string {
  return git(dir, "show", "HEAD:src/cart.js");
}
