import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelPool } from "../../src/pool/index.ts";
import { publishFixResult } from "../../src/publish/index.ts";
import { runFixWorkflow } from "../../src/workflows/index.ts";
import { startFakeGitHub } from "../helpers/openapi-fake-github.ts";
import { silentLogger } from "../verify/sandbox-helpers.ts";
import { cartIssue, createTinyFixPool, startFixHarness, type FixHarness } from "./fix-workflow-harness.ts";

describe("the fix workflow with the real tiny model (it writes stories, not fixes)", () => {
  let pool: ModelPool;
  let harness: FixHarness;

  beforeAll(async () => {
    pool = await createTinyFixPool();
    harness = await startFixHarness();
  }, 120_000);

  afterAll(async () => {
    nock.cleanAll();
    await pool.dispose();
    await harness.dispose();
  });

  it("runs every stage for real and ends with an honest 'no verified fix' comment", async () => {
    const { workspace } = await harness.openRepository("cart-js");
    const budget = { maxTokens: 200, timeoutMs: 120_000 };
    const result = await runFixWorkflow(
      {
        issue: cartIssue,
        ref: "main",
        settings: { fixAgents: 2, testAttempts: 1, fixBudget: budget, testBudget: budget },
      },
      { pool, sandbox: harness.sandbox, workspace, logger: silentLogger },
    );

    expect(result.status).toBe("no-verified-fix");
    expect(result.candidates).toHaveLength(2);
    expect(result.candidates.every((c) => c.status !== "verified")).toBe(true);
    // The prompts reached the model (nothing was refused for size): its answers were judged.
    for (const candidate of result.candidates) expect(candidate.reason).not.toMatch(/did not fit/);
    expect(result.log.steps[0]).toMatchObject({ name: "current code: test suite", outcome: "passed" });

    const github = await startFakeGitHub();
    github.api.post("/repos/octo/cart/issues/12/comments").reply(201, { id: 5 });
    const published = await publishFixResult(github.octokit, {
      owner: "octo",
      repo: "cart",
      issueNumber: 12,
      issueTitle: cartIssue.title,
      baseBranch: "main",
      result,
      demo: true,
    });
    expect(published).toEqual({ kind: "comment", id: 5 });
    github.assertDone();
    const body = (github.recorder.requests[0]?.body as { body: string }).body;
    expect(body).toMatch(/^\*\*Quorum found no verified fix for #12\.\*\*/);
    expect(body).toMatch(/demo model pool/);
  }, 600_000);
});
