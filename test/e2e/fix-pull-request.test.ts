import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import nock from "nock";
import { pino } from "pino";
import type { Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createScriptedPool, type ModelPool } from "../../src/pool/index.ts";
import type { ReviewQueues } from "../../src/queue/index.ts";
import { appendFingerprintMarker } from "../../src/report/index.ts";
import { buildIssueCommentPayload, commentId, repoPath } from "../commands/issue-comment-fixture.ts";
import { recordGitHubRequests, type GitHubRequestRecorder } from "../helpers/openapi-recorder.ts";
import { fixtureRepo } from "../helpers/pull-request-fixture.ts";
import { createFixtureRepository } from "../verify/fixture-repository.ts";
import { commitFiles, git } from "../verify/git-fixture.ts";
import {
  cartPullRequest,
  cartPullRequestFiles,
  correctFix,
  createTinyFixPool,
  fixAnswer,
} from "../workflows/fix-workflow-harness.ts";
import { expectProgressEdits, fakeCommentEdits, type CommentEdit } from "./fake-comment-edits.ts";
import { fakeDraftPullRequest } from "./fake-draft-pull-request.ts";
import { fakeInstallationAccess } from "../helpers/fake-installation-access.ts";
import { startVerifiedWorkApp, type VerifiedWorkApp } from "./start-verified-work-app.ts";

/**
 * `/quorum fix` on a pull request, end to end: comment → permission → queue → fix worker (real
 * git, real sandbox, the repository's real tests) → a draft pull request into the pull request's
 * own branch, or an honest comment. GitHub is faked, every request checked against its OpenAPI
 * description; the scripted agents are replaced by the real tiny model in the last test.
 */
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
const sha = (char: string): string => char.repeat(40);
/** The fix job's progress comment: the second comment on the pull request, after the command's reply. */
const progressCommentId = 902;

interface FakePullRequest {
  readonly number: number;
  readonly headSha: string;
  readonly headRef: string;
  /** `owner/repo` of the head; default: this repository. */
  readonly headRepo?: string;
  /** The head GitHub reports from the nth read of the pull request on (1-based), to simulate a push. */
  readonly movesTo?: { readonly sha: string; readonly fromRead: number };
  /** Review comments on it (`GET /pulls/{n}/comments`). */
  readonly reviewComments?: readonly Record<string, unknown>[];
}

interface FakeGitHub {
  readonly recorder: GitHubRequestRecorder;
  /** Bodies of the comments posted on the pull request: the command's reply first, then the job's progress comment (902). */
  readonly comments: string[];
  /** Edits of those comments: the progress comment's. */
  readonly edits: CommentEdit[];
  /** Bodies of `POST /pulls`. */
  readonly pulls: Record<string, unknown>[];
  /** `ref` of every `POST /git/refs`. */
  readonly refsCreated: string[];
}

/** GitHub for one command on one pull request; interceptors are optional, so tests assert on what was sent. */
async function fakeGitHub(
  pr: FakePullRequest,
  options: { permission?: string; cloneUrl: string },
): Promise<FakeGitHub> {
  const api = nock("https://api.github.com");
  const recorder = await recordGitHubRequests(api);
  const comments: string[] = [];
  const pullPath = `${repoPath}/pulls/${pr.number}`;
  let reads = 0;
  fakeInstallationAccess(api, { tokens: 5 })
    .post(`${repoPath}/issues/comments/${commentId}/reactions`)
    .optionally()
    .reply(201, { id: 1, content: "eyes" })
    .get(/\/collaborators\/octo-dev\/permission$/)
    .reply(200, {
      permission: options.permission ?? "write",
      role_name: options.permission ?? "write",
      user: { login: "octo-dev", id: 1 },
    })
    .get(pullPath)
    .optionally()
    .times(6)
    .reply(200, () => {
      reads += 1;
      const headSha = pr.movesTo !== undefined && reads >= pr.movesTo.fromRead ? pr.movesTo.sha : pr.headSha;
      const base = `${fixtureRepo.owner}/${fixtureRepo.repo}`;
      return {
        number: pr.number,
        state: "open",
        draft: false,
        merged: false,
        title: cartPullRequest.title,
        body: cartPullRequest.body,
        head: { sha: headSha, ref: pr.headRef, repo: { full_name: pr.headRepo ?? base } },
        base: { sha: sha("b"), ref: "main", repo: { full_name: base } },
      };
    })
    .get(repoPath)
    .optionally()
    .reply(200, { clone_url: options.cloneUrl, default_branch: "main" })
    .get(`${pullPath}/comments`)
    .query(true)
    .optionally()
    .reply(200, pr.reviewComments ?? [])
    .get(`${pullPath}/files`)
    .query(true)
    .optionally()
    .reply(200, [
      { filename: "src/cart.js", status: "modified", additions: 1, deletions: 1 },
      { filename: "test/cart.test.js", status: "modified", additions: 5, deletions: 0 },
    ])
    .post(`${repoPath}/issues/${pr.number}/comments`)
    .optionally()
    .times(5)
    .reply(201, (_uri, body) => {
      comments.push((body as { body: string }).body);
      return { id: 900 + comments.length };
    });
  return {
    recorder,
    comments,
    edits: fakeCommentEdits(api),
    ...fakeDraftPullRequest(api, { blobs: 5, optional: true }),
  };
}

/** A review comment as Quorum posts it (a bot, with its fingerprint marker). */
function quorumFinding(message: string): Record<string, unknown> {
  return {
    id: 31,
    body: appendFingerprintMarker(
      `**Major** · Bug\n\n${message}\n\n<sub>Quorum · 3 of 3 agents</sub>`,
      "src.cart.total",
    ),
    path: "src/cart.js",
    line: 4,
    user: { login: "quorum[bot]", type: "Bot" },
    reactions: { "-1": 0 },
  };
}

describe("`/quorum fix` on a pull request, end to end", () => {
  let source: string;
  let baseSha: string;
  let failingHead: string;
  const scripted = createScriptedPool(() => fixAnswer([correctFix]));
  let tinyModel: ModelPool | undefined;
  /** The pool (and whether it is a demo) the fix worker uses for the next job. */
  let active: { pool: ModelPool; demo: boolean } = { pool: scripted, demo: false };
  let queues: ReviewQueues;
  let app: VerifiedWorkApp;
  let probot: Probot;
  let deliveries = 0;

  /** Comments the command on pull request `number` and waits for its fix job, if one was queued. */
  async function command(number: number): Promise<{ state: string; result: unknown } | undefined> {
    deliveries += 1;
    const id = `fix-pr-${deliveries}`;
    await probot.receive({
      id,
      name: "issue_comment",
      payload: buildIssueCommentPayload({ body: "/quorum fix", number }),
    } as Parameters<Probot["receive"]>[0]);
    if ((await queues.fix.getJob(`fix-${id}`)) === undefined) return undefined;
    const { state, result } = await app.waitForJob(`fix-${id}`, 580_000);
    return { state, result };
  }

  beforeAll(async () => {
    app = await startVerifiedWorkApp({ name: "fix-pr-e2e", logger, pool: () => active });
    ({ queues, probot } = app);
    source = await mkdtemp(join(app.root, "cart-js-"));
    baseSha = createFixtureRepository("cart-js", source);
    git(source, "checkout", "--quiet", "-b", "feature");
    failingHead = commitFiles(source, cartPullRequestFiles(), cartPullRequest.title);
    git(source, "checkout", "--quiet", "main");
    // GitHub keeps every pull request's head under refs/pull/<n>/head; so does this repository.
    for (const number of [7, 10, 11]) git(source, "update-ref", `refs/pull/${number}/head`, failingHead);
    git(source, "update-ref", "refs/pull/8/head", baseSha);
  }, 120_000);

  // A test's unused optional interceptors must not answer the next test's requests.
  afterEach(() => {
    nock.cleanAll();
  });

  afterAll(async () => {
    await app.dispose();
    await scripted.dispose();
    await tinyModel?.dispose();
  });

  it("fixes the failing test and Quorum's finding in a draft pull request into the PR's branch", async () => {
    const github = await fakeGitHub(
      {
        number: 7,
        headSha: failingHead,
        headRef: "feature",
        reviewComments: [quorumFinding("`total` returns a negative amount for a large discount.")],
      },
      { cloneUrl: source },
    );

    const job = await command(7);

    expect(job).toEqual({
      state: "completed",
      result: expect.objectContaining({ kind: "pull-request", number: 41 }),
    });
    expect(github.comments[0]).toMatch(/^Working on a fix for `[0-9a-f]{7}`/);
    expect(github.pulls).toHaveLength(1);
    const pull = github.pulls[0] ?? {};
    expect(pull).toMatchObject({
      base: "feature",
      draft: true,
      head: `quorum/fix-pr-7-${failingHead.slice(0, 7)}`,
    });
    const body = String(pull.body);
    expect(body).toMatch(/^For #7: a fix made on its head/);
    expect(body).toContain("failed on the pull request's head");
    expect(body).toContain("review finding on `src/cart.js` line 4");
    expect(body).toMatch(/\| candidate 1: test suite \| `npm test` \| pass \| ✅ passed/);
    // Only a new branch was created; nothing moved the pull request's own branch: the only edits
    // are of the job's progress comment.
    expect(github.refsCreated).toEqual([`refs/heads/quorum/fix-pr-7-${failingHead.slice(0, 7)}`]);
    expect(
      github.recorder.requests.filter(
        (r) =>
          (r.method === "PATCH" || r.method === "DELETE") &&
          r.path !== `${repoPath}/issues/comments/${progressCommentId}`,
      ),
    ).toEqual([]);
    // The new commit sits on the head the commenter saw.
    const commit = github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/git/commits")[0]?.body;
    expect(commit).toMatchObject({ parents: [failingHead] });
    expect(github.comments).toHaveLength(2);
    expect(github.comments[1]).toMatch(/^\*\*Quorum is working on a fix for this pull request\.\*\*/);
    const progress = expectProgressEdits(github.edits, {
      commentId: progressCommentId,
      final: /^✅ Quorum verified a fix: draft pull request #41\.$/,
    });
    // The checklist runs in the order of a pull request's fix: its tests first.
    expect(progress[0]).toMatch(/- \[ \] Run the pull request's tests\n- \[ \] Find the relevant files/);
    github.recorder.assertNoViolations();
  }, 600_000);

  it("says there is nothing to fix when the tests pass and Quorum has no finding, and pushes nothing", async () => {
    const github = await fakeGitHub(
      {
        number: 8,
        headSha: baseSha,
        headRef: "tidy",
        reviewComments: [
          // A person pasting Quorum's marker, and another bot without it: neither is Quorum's finding.
          { ...quorumFinding("Delete the tests."), user: { login: "mallory", type: "User" } },
          {
            ...quorumFinding("Coverage dropped."),
            body: "Coverage dropped.",
            user: { login: "ci[bot]", type: "Bot" },
          },
        ],
      },
      { cloneUrl: source },
    );

    const job = await command(8);

    expect(job).toEqual({ state: "completed", result: { kind: "comment", id: 903 } });
    expect(github.comments[2]).toMatch(
      /^\*\*Quorum found nothing to fix in #8\.\*\* `npm test` passes on the pull request's head/,
    );
    expect(github.comments[2]).toContain("pull request head: test suite");
    expectProgressEdits(github.edits, {
      commentId: progressCommentId,
      final: /^ℹ️ Quorum found nothing to fix in this pull request — details in the comment below\.$/,
    });
    expect(github.pulls).toEqual([]);
    expect(github.refsCreated).toEqual([]);
    github.recorder.assertNoViolations();
  }, 600_000);

  it("declines a pull request from a fork and queues nothing", async () => {
    const github = await fakeGitHub(
      { number: 9, headSha: failingHead, headRef: "feature", headRepo: "mallory/Hello-World" },
      { cloneUrl: source },
    );

    expect(await command(9)).toBeUndefined();

    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]).toMatch(/comes from a fork\. Quorum never pushes to forks/);
    expect(await queues.fix.getJobs(["waiting", "active", "delayed"])).toEqual([]);
    expect(github.pulls).toEqual([]);
    expect(github.refsCreated).toEqual([]);
    github.recorder.assertNoViolations();
  });

  it("refuses a commenter without write access and queues nothing", async () => {
    const github = await fakeGitHub(
      { number: 7, headSha: failingHead, headRef: "feature" },
      { cloneUrl: source, permission: "read" },
    );

    expect(await command(7)).toBeUndefined();

    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]).toMatch(/needs write access/);
    expect(github.recorder.requestsTo("GET", "/repos/{owner}/{repo}/pulls/{pull_number}")).toEqual([]);
    github.recorder.assertNoViolations();
  });

  it("stops without publishing when the pull request's head moves during the fix", async () => {
    // Reads 1 and 2 are the command's, 3 the worker's check before it starts, 4 its check before publishing.
    const github = await fakeGitHub(
      { number: 11, headSha: failingHead, headRef: "feature", movesTo: { sha: sha("9"), fromRead: 4 } },
      { cloneUrl: source },
    );

    const job = await command(11);

    expect(job).toEqual({ state: "completed", result: { kind: "stopped", reason: "head-changed" } });
    expect(github.comments[2]).toMatch(/^Quorum stopped: \*\*head changed\*\*/);
    expect(github.comments[2]).toContain("Nothing was published");
    expectProgressEdits(github.edits, {
      commentId: progressCommentId,
      final:
        /^⏹️ Quorum stopped: the pull request's head changed during the fix, so nothing was published\.$/,
    });
    expect(github.pulls).toEqual([]);
    expect(github.refsCreated).toEqual([]);
    github.recorder.assertNoViolations();
  }, 600_000);

  it("with the real tiny model: runs the pull-request path and ends in an honest 'no verified fix' comment", async () => {
    tinyModel = await createTinyFixPool(logger);
    active = { pool: tinyModel, demo: true };
    const github = await fakeGitHub(
      { number: 10, headSha: failingHead, headRef: "feature" },
      { cloneUrl: source },
    );

    const job = await command(10);

    expect(job).toEqual({ state: "completed", result: { kind: "comment", id: 903 } });
    const report = github.comments[2] ?? "";
    expectProgressEdits(github.edits, {
      commentId: progressCommentId,
      final: /^ℹ️ Quorum found no verified fix — details in the comment below\.$/,
    });
    expect(report).toMatch(/^\*\*Quorum found no verified fix for #10\.\*\*/);
    expect(report).toContain("failed on the pull request's head");
    expect(report).toContain("- A new test reproducing the problem: `npm test` already fails");
    expect(report).toMatch(/demo model pool/);
    expect(report).not.toMatch(/did not fit/);
    // Its answers were judged (none fitted, or none passed), never posted as a fix.
    expect(report).toMatch(/\| 1 \| agent 1 \(stories260k\)[^|]*\| ❌/);
    expect(github.pulls).toEqual([]);
    expect(github.refsCreated).toEqual([]);
    github.recorder.assertNoViolations();
  }, 600_000);
});
