import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createScriptedPool } from "../../src/pool/index.ts";
import { publishFixResult, type PublishedFix } from "../../src/publish/index.ts";
import { runFixWorkflow, type FixResult, type VerifiedFix } from "../../src/workflows/index.ts";
import { startFakeGitHub, type FakeGitHub } from "../helpers/openapi-fake-github.ts";
import {
  expectGitDataCommit,
  expectOpenPullRequestLookup,
  expectTakenBranch,
  newTreeSha,
  sha,
} from "../publish/fake-git-data.ts";
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

const repoPath = "/repos/octo/cart";
let harness: FixHarness;
let verified: FixResult;
let rejected: FixResult;

beforeAll(async () => {
  harness = await startFixHarness();
  const good = await harness.openRepository("cart-js");
  verified = await runFixWorkflow(
    { issue: cartIssue, ref: "main", settings: { fixAgents: 1 } },
    {
      pool: createScriptedPool((r) =>
        r.role === "tests" ? testAnswer(reproducingTestContent) : fixAnswer([correctFix]),
      ),
      sandbox: harness.sandbox,
      workspace: good.workspace,
      logger: silentLogger,
    },
  );
  const bad = await harness.openRepository("cart-js");
  rejected = await runFixWorkflow(
    { issue: cartIssue, ref: "main", settings: { fixAgents: 2 } },
    {
      pool: createScriptedPool((r) =>
        r.role === "tests"
          ? testAnswer(reproducingTestContent)
          : slotOf(r) === 0
            ? fixAnswer(
                [{ ...correctFix, replace: "  return -1;\n" }],
                "see https://evil.example/x and ping @octo-team",
              )
            : "{ not json",
      ),
      sandbox: harness.sandbox,
      workspace: bad.workspace,
      logger: silentLogger,
    },
  );
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  await harness.dispose();
});

/** The verified result; a test that needs it fails (rather than passing vacuously) without it. */
function verifiedFix(): VerifiedFix {
  if (verified.status !== "verified") throw new Error(`expected a verified fix, got ${verified.status}`);
  return verified;
}

/** Expects the Git Data writes of the fix's commit `commitSha`: its two files, the base, a tree. */
function expectFixCommit(
  github: FakeGitHub,
  fix: VerifiedFix,
  commitSha: string,
  blob?: Parameters<typeof expectGitDataCommit>[2]["blob"],
): void {
  expectGitDataCommit(github, repoPath, { baseSha: fix.baseSha, blobs: 2, commitSha, blob });
}

async function publishToIssue12(github: FakeGitHub, result: FixResult): Promise<PublishedFix> {
  return publishFixResult(github.octokit, {
    owner: "octo",
    repo: "cart",
    issueNumber: 12,
    issueTitle: cartIssue.title,
    baseBranch: "main",
    result,
  });
}

describe("publishFixResult (GitHub faked, every request checked against GitHub's OpenAPI)", () => {
  it("opens a DRAFT pull request from a new quorum/fix branch made through the Git Data API", async () => {
    expect(verified.status).toBe("verified");
    const fix = verifiedFix();
    const github = await startFakeGitHub();
    const branch = `quorum/fix-12-${fix.baseSha.slice(0, 7)}`;
    expectFixCommit(github, fix, sha("1"), (_uri, body) => ({
      sha: sha((body as { content: string }).content.length % 2 === 0 ? "b" : "c"),
    }));
    github.api
      .post(`${repoPath}/git/refs`)
      .reply(201, { ref: `refs/heads/${branch}`, object: { sha: sha("1") } })
      .post(`${repoPath}/pulls`)
      .reply(201, { number: 41, html_url: "https://github.com/octo/cart/pull/41" });

    const published = await publishToIssue12(github, fix);

    expect(published).toEqual({
      kind: "pull-request",
      number: 41,
      url: "https://github.com/octo/cart/pull/41",
      branch,
      commitSha: sha("1"),
    });
    github.assertDone();
    const blobs = github.recorder
      .requestsTo("POST", "/repos/{owner}/{repo}/git/blobs")
      .map((r) => Buffer.from((r.body as { content: string }).content, "base64").toString("utf8"));
    expect(blobs[0]).toContain("return Math.max(0, sum - discount);");
    expect(blobs[1]).toBe(reproducingTestContent);
    const [tree] = github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/git/trees");
    expect(
      (tree?.body as { base_tree: string; tree: { path: string; mode: string }[] }).tree.map((e) => [
        e.path,
        e.mode,
      ]),
    ).toEqual([
      ["src/cart.js", "100644"],
      ["test/quorum-issue-12.test.js", "100644"],
    ]);
    const [commit] = github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/git/commits");
    expect(commit?.body).toMatchObject({ tree: sha("f"), parents: [fix.baseSha] });
    const [ref] = github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/git/refs");
    expect(ref?.body).toEqual({ ref: `refs/heads/${branch}`, sha: sha("1") });
    const [pull] = github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/pulls");
    const pullBody = pull?.body as {
      draft: boolean;
      head: string;
      base: string;
      title: string;
      body: string;
    };
    expect(pullBody).toMatchObject({ draft: true, head: branch, base: "main" });
    expect(pullBody.title).toBe(`Fix #12: ${cartIssue.title}`);
    expect(pullBody.body).toContain("Fixes #12.");
    expect(pullBody.body).toContain("### Verification log");
    expect(pullBody.body).toMatch(/\| candidate 1: test suite \| `npm test` \| pass \| ✅ passed \|/);
    expect(pullBody.body).toContain("failed on the current code and passes with the fix");
    // No ref was ever updated: only created.
    expect(github.recorder.requests.filter((r) => r.method === "PATCH")).toEqual([]);
  });

  it("never moves an existing branch: a taken name with other content gets the next suffix", async () => {
    const fix = verifiedFix();
    const github = await startFakeGitHub();
    const branch = `quorum/fix-12-${fix.baseSha.slice(0, 7)}`;
    expectFixCommit(github, fix, sha("1"));
    expectTakenBranch(github, repoPath, {
      branch,
      commitSha: sha("9"),
      treeSha: sha("8"),
      parentSha: fix.baseSha,
    });
    github.api
      .post(`${repoPath}/git/refs`)
      .reply(201, { ref: `refs/heads/${branch}-2`, object: { sha: sha("1") } })
      .post(`${repoPath}/pulls`)
      .reply(201, { number: 42, html_url: "https://github.com/octo/cart/pull/42" });

    const published = await publishToIssue12(github, fix);

    expect(published).toMatchObject({ kind: "pull-request", number: 42, branch: `${branch}-2` });
    github.assertDone();
    expect(
      github.recorder
        .requestsTo("POST", "/repos/{owner}/{repo}/git/refs")
        .map((r) => (r.body as { ref: string }).ref),
    ).toEqual([`refs/heads/${branch}`, `refs/heads/${branch}-2`]);
  });

  it("reuses its own branch and open pull request when a retried job publishes the same change again", async () => {
    const fix = verifiedFix();
    const github = await startFakeGitHub();
    const branch = `quorum/fix-12-${fix.baseSha.slice(0, 7)}`;
    expectFixCommit(github, fix, sha("2"));
    expectTakenBranch(github, repoPath, {
      branch,
      commitSha: sha("1"),
      treeSha: newTreeSha,
      parentSha: fix.baseSha,
    });
    expectOpenPullRequestLookup(github, repoPath, branch, [
      { number: 41, html_url: "https://github.com/octo/cart/pull/41" },
    ]);

    const published = await publishToIssue12(github, fix);

    expect(published).toEqual({
      kind: "pull-request",
      number: 41,
      url: "https://github.com/octo/cart/pull/41",
      branch,
      commitSha: sha("1"),
    });
    github.assertDone();
  });

  it("comments 'no verified fix' with what was tried, and writes nothing else", async () => {
    expect(rejected.status).toBe("no-verified-fix");
    const github = await startFakeGitHub();
    github.api.post(`${repoPath}/issues/12/comments`).reply(201, { id: 77 });

    const published = await publishToIssue12(github, rejected);

    expect(published).toEqual({ kind: "comment", id: 77 });
    github.assertDone();
    expect(github.recorder.requests).toHaveLength(1);
    const body = (github.recorder.requests[0]?.body as { body: string }).body;
    expect(body).toMatch(
      /^\*\*Quorum found no verified fix for #12\.\*\* No proposed patch passed verification\./,
    );
    expect(body).toContain("Nothing was pushed");
    expect(body).toMatch(
      /\| 1 \| agent 1 \(scripted\) \| ❌ rejected \| reproducing test failed with the patch applied/,
    );
    expect(body).toMatch(
      /\| 2 \| agent 2 \(scripted\) \| ❌ no usable answer \| no valid output after 2 attempts/,
    );
    expect(body).toContain("<details>");
    expect(body).toContain("> Candidate 1: see evil.example/x and ping @");
    // Paths of the machine's worktrees are not published.
    expect(body).not.toContain("/worktrees/");
    // Model text is defused: the foreign link loses its URL and nobody is pinged.
    expect(body).not.toContain("https://evil.example");
    expect(body).not.toMatch(/@octo-team/);
  });
});
