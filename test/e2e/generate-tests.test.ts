import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import examples from "@octokit/webhooks-examples";
import nock from "nock";
import { pino } from "pino";
import type { Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createScriptedPool, type ModelPool } from "../../src/pool/index.ts";
import { installationId, repoPath } from "../helpers/pull-request-fixture.ts";
import { createFixtureRepository } from "../verify/fixture-repository.ts";
import { commitFiles, git } from "../verify/git-fixture.ts";
import { correctFix, createTinyFixPool, reproducingTestContent } from "../workflows/fix-workflow-harness.ts";
import { expectProgressEdits } from "./fake-comment-edits.ts";
import { fakeDraftPullRequest } from "./fake-draft-pull-request.ts";
import { fakeLabelGitHub, type LabelGitHub } from "./fake-label-github.ts";
import { startVerifiedWorkApp, type VerifiedWorkApp } from "./start-verified-work-app.ts";

/**
 * A `quorum:tests` label on a pull request → queue (real Redis/BullMQ) → tests worker (real git
 * repository, real sandbox, the repository's own test runner) → a draft pull request into the
 * pull request's branch, or an honest comment. GitHub is faked, every request checked against its
 * OpenAPI description.
 */
const pullNumber = 7;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

const coupon = 'export function couponRate(code) {\n  return code === "HALF" ? 0.5 : 0;\n}\n';
/** A wrong expectation: fails on the head, so it must be dropped. */
const wrongCouponTest = [
  'import assert from "node:assert/strict";',
  'import { test } from "node:test";',
  'import { couponRate } from "../src/coupon.js";',
  'test("HALF takes off half", () => assert.equal(couponRate("HALF"), 0.25));',
  "",
].join("\n");

interface ExampleGroup {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

interface Repository {
  readonly source: string;
  readonly base: string;
  readonly head: string;
}

/** cart-js on `main`, and a pull request `fix-discount` that clamps the total and adds a coupon module. */
function createPullRequestRepository(dir: string): Repository {
  const base = createFixtureRepository("cart-js", dir, {});
  git(dir, "checkout", "--quiet", "-b", "fix-discount");
  const cart = git(dir, "show", "HEAD:src/cart.js").replace(correctFix.search, correctFix.replace);
  const head = commitFiles(dir, { "src/cart.js": cart, "src/coupon.js": coupon }, "clamp the total; coupons");
  // GitHub serves every pull request's head as refs/pull/<n>/head; the worker fetches that.
  git(dir, "update-ref", `refs/pull/${pullNumber}/head`, head);
  return { source: dir, base, head };
}

function buildLabeledPayload(
  repository: Repository,
  options: { fork?: boolean } = {},
): Record<string, unknown> {
  const group = (examples as unknown as ExampleGroup[]).find((e) => e.name === "pull_request");
  const payload = structuredClone(group?.examples.find((e) => e.action === "labeled")) as unknown as {
    label: { name: string };
    installation: unknown;
    pull_request: {
      head: Record<string, unknown>;
      base: Record<string, unknown> & { repo: Record<string, unknown> };
    } & Record<string, unknown>;
    repository: Record<string, unknown>;
  };
  payload.label.name = "quorum:tests";
  payload.installation = { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  Object.assign(payload.pull_request, { number: pullNumber, state: "open", draft: false });
  Object.assign(payload.pull_request.head, { ref: "fix-discount", sha: repository.head });
  payload.pull_request.head.repo = options.fork
    ? { ...payload.pull_request.base.repo, full_name: "mallory/Hello-World" }
    : payload.pull_request.base.repo;
  Object.assign(payload.pull_request.base, { ref: "main", sha: repository.base });
  Object.assign(payload.repository, { clone_url: repository.source, default_branch: "main" });
  return payload;
}

/** The app, with the pull request's repository in its root. */
interface Harness extends VerifiedWorkApp {
  readonly repository: Repository;
}

async function startHarness(pool: ModelPool, demo: boolean): Promise<Harness> {
  const app = await startVerifiedWorkApp({ name: "tests-e2e", logger, pool: () => ({ pool, demo }) });
  const repository = createPullRequestRepository(await mkdtemp(join(app.root, "cart-js-")));
  return { ...app, repository };
}

/**
 * What the web side reads for a label: config (absent), the labeller's permission (none for a
 * fork's pull request: it is declined first), then, with write access, the pull request.
 */
async function fakeTestsLabelGitHub(harness: Harness, permission?: "write" | "read"): Promise<LabelGitHub> {
  const github = await fakeLabelGitHub({ number: pullNumber, permission });
  const { api } = github;
  if (permission === "write") {
    api
      .get(repoPath)
      .reply(200, { clone_url: harness.repository.source, default_branch: "main" })
      .get(`${repoPath}/pulls/${pullNumber}`)
      .reply(200, {
        number: pullNumber,
        title: "Clamp the total at zero",
        body: "Fixes #12: a discount larger than the cart made the total negative.",
        head: { ref: "fix-discount", sha: harness.repository.head },
        base: { ref: "main", sha: harness.repository.base },
      })
      .get(`${repoPath}/pulls/${pullNumber}/files`)
      .query({ per_page: "100" })
      .reply(200, [
        { filename: "src/cart.js", status: "modified", additions: 1, deletions: 1 },
        { filename: "src/coupon.js", status: "added", additions: 3, deletions: 0 },
      ]);
  }
  return github;
}

async function deliverLabel(harness: Harness, id: string, options: { fork?: boolean } = {}): Promise<void> {
  await harness.probot.receive({
    id,
    name: "pull_request",
    payload: buildLabeledPayload(harness.repository, options),
  } as Parameters<Probot["receive"]>[0]);
}

describe("a `quorum:tests` label, end to end, with scripted test agents", () => {
  let harness: Harness;
  const pool = createScriptedPool((request) =>
    JSON.stringify({
      explanation: "checks the changed code",
      content: request.prompt.includes("File: src/coupon.js") ? wrongCouponTest : reproducingTestContent,
    }),
  );

  beforeAll(async () => {
    harness = await startHarness(pool, false);
  }, 120_000);

  // Interceptors a test left unused (optional ones) must not answer the next test's requests.
  afterEach(() => {
    nock.cleanAll();
  });

  afterAll(async () => {
    await harness.dispose();
    await pool.dispose();
  });

  it("keeps the test that passes on the head and fails on the base, drops the one that fails on the head, and opens a draft PR into the branch", async () => {
    const { api, recorder, comments, edits } = await fakeTestsLabelGitHub(harness, "write");
    const { pulls } = fakeDraftPullRequest(api, { blobs: 1 });
    await deliverLabel(harness, "label-tests-1");
    const { data } = (await harness.queues.fix.getJob("tests-label-tests-1")) ?? {};
    expect(data).toMatchObject({
      pullRequest: {
        number: pullNumber,
        headSha: harness.repository.head,
        baseRef: "main",
        baseSha: harness.repository.base,
      },
      changedFiles: ["src/cart.js", "src/coupon.js"],
      requestedBy: "Codertocat",
    });

    expect(await harness.jobResult("tests-label-tests-1", 300_000)).toMatchObject({
      kind: "pull-request",
      number: 41,
      branch: `quorum/tests-${pullNumber}-${harness.repository.head.slice(0, 7)}`,
    });
    expect(pool.requests).toHaveLength(2);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({
      draft: true,
      base: "fix-discount",
      head: `quorum/tests-${pullNumber}-${harness.repository.head.slice(0, 7)}`,
    });
    const body = String(pulls[0]?.body);
    expect(body).toContain(
      "`test/quorum-cart.test.js` for `src/cart.js`: passes on the head and fails on the base",
    );
    expect(body).toContain(
      "`test/quorum-coupon.test.js` (for `src/coupon.js`): test/quorum-coupon.test.js: alone, on the head failed",
    );
    expect(body).toContain("says it fixes a bug");
    expect(body).toMatch(/coverage \d+\.\d% → \d+\.\d% \(lines\)/);
    const blobs = recorder.requestsTo("POST", "/repos/{owner}/{repo}/git/blobs");
    expect(blobs).toHaveLength(1);
    // One progress comment on the pull request, edited while the job ran, ends pointing to the tests.
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatch(/^\*\*Quorum is writing tests for this pull request\.\*\*/);
    const progress = expectProgressEdits(edits, {
      commentId: 501,
      final: /^✅ Quorum wrote tests that pass: draft pull request #41\.$/,
    });
    expect(progress[0]).toContain("- [ ] Write and run a test for each changed file");
    recorder.assertNoViolations();
    expect(api.pendingMocks()).toEqual([]);
  }, 320_000);

  it("refuses a label from someone without write access and queues nothing", async () => {
    const { api, recorder, comments } = await fakeTestsLabelGitHub(harness, "read");
    await deliverLabel(harness, "label-tests-2");
    expect(await harness.queues.fix.getJob("tests-label-tests-2")).toBeUndefined();
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatch(
      /^Quorum writes tests only when asked by someone with write access to this repository; @\u200dCodertocat's label was not acted on\.$/,
    );
    recorder.assertNoViolations();
    expect(api.pendingMocks()).toEqual([]);
  });

  it("declines a fork's pull request with a comment, and queues nothing", async () => {
    const { recorder, comments } = await fakeTestsLabelGitHub(harness);
    await deliverLabel(harness, "label-tests-3", { fork: true });
    expect(await harness.queues.fix.getJob("tests-label-tests-3")).toBeUndefined();
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatch(/comes from a fork/);
    expect(recorder.requestsTo("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission")).toEqual(
      [],
    );
    recorder.assertNoViolations();
  });
});

describe("a `quorum:tests` label, end to end, with the real tiny model (it writes stories, not tests)", () => {
  let harness: Harness;
  let pool: ModelPool;

  beforeAll(async () => {
    pool = await createTinyFixPool(logger);
    harness = await startHarness(pool, true);
  }, 120_000);

  afterAll(async () => {
    await harness.dispose();
    await pool.dispose();
  });

  it("runs every stage for real and ends with an honest comment that no test was kept", async () => {
    const { api, recorder, comments, edits } = await fakeTestsLabelGitHub(harness, "write");
    await deliverLabel(harness, "label-tests-tiny");
    expect(await harness.jobResult("tests-label-tests-tiny", 600_000)).toEqual({
      kind: "comment",
      id: 502,
    });
    // The progress comment first, then the report it ends pointing to.
    expect(comments).toHaveLength(2);
    expectProgressEdits(edits, {
      commentId: 501,
      final: /^ℹ️ Quorum kept no generated test — details in the comment below\.$/,
    });
    const body = comments[1] ?? "";
    expect(body).toMatch(/^\*\*Quorum generated no test that passed for #7\.\*\*/);
    expect(body).toMatch(/demo model pool/);
    // Both changed files got a test agent; whatever it wrote was judged, and dropped.
    expect(body).toContain("`test/quorum-cart.test.js` (for `src/cart.js`)");
    expect(body).toContain("`test/quorum-coupon.test.js` (for `src/coupon.js`)");
    recorder.assertNoViolations();
    expect(api.pendingMocks()).toEqual([]);
  }, 620_000);
});
