import nock from "nock";
import { pino } from "pino";
import type { Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createQuorumApp } from "../../src/app.ts";
import { buildDiffLineMap } from "../../src/diff/index.ts";
import { createJobProcessors } from "../../src/pipeline/index.ts";
import { createLlamaPool, loadPoolConfig, type ModelPool } from "../../src/pool/index.ts";
import {
  computeRunId,
  startQuorumWorkers,
  toJobIds,
  type QuorumWorkers,
  type ReviewQueues,
} from "../../src/queue/index.ts";
import { createTestProbot } from "../helpers/create-test-probot.ts";
import { recordGitHubRequests, type GitHubRequestRecorder } from "../helpers/openapi-recorder.ts";
import {
  buildPullRequestPayload,
  fixtureRepo,
  installationId,
  readFixtureFiles,
  toChangedFiles,
} from "../helpers/pull-request-fixture.ts";
import { createTestQueues } from "../helpers/use-test-queues.ts";

const repoPath = `/repos/${fixtureRepo.owner}/${fixtureRepo.repo}`;
const files = readFixtureFiles("cart-discount");
const checkRunId = 7001;
const reviewId = 9001;

interface ReviewBody {
  event: string;
  commit_id: string;
  body: string;
  comments?: { path: string; line: number; side: string; body: string }[];
}

/** Fake GitHub for one review run; every request is checked against GitHub's OpenAPI description. */
async function fakeGitHubForRun(options: { configYaml?: string } = {}): Promise<{
  api: nock.Scope;
  recorder: GitHubRequestRecorder;
  reviews: ReviewBody[];
  checkRunUpdates: Record<string, unknown>[];
}> {
  const api = nock("https://api.github.com");
  const recorder = await recordGitHubRequests(api);
  const reviews: ReviewBody[] = [];
  const checkRunUpdates: Record<string, unknown>[] = [];
  api
    .post(`/app/installations/${installationId}/access_tokens`)
    .reply(201, { token: "ghs_testtoken", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
    .get(`${repoPath}/contents/.github%2Fquorum.yml`)
    .reply(options.configYaml === undefined ? 404 : 200, options.configYaml ?? { message: "Not Found" })
    .post(`${repoPath}/check-runs`)
    .reply(201, { id: checkRunId })
    .get(`${repoPath}/pulls/2/files`)
    .query(true)
    .reply(200, files)
    .patch(`${repoPath}/check-runs/${checkRunId}`)
    .times(2)
    .reply(200, (_uri, body) => {
      checkRunUpdates.push(body as Record<string, unknown>);
      return { id: checkRunId };
    });
  return { api, recorder, reviews, checkRunUpdates };
}

function expectReview(api: nock.Scope, reviews: ReviewBody[]): void {
  api.post(`${repoPath}/pulls/2/reviews`).reply(200, (_uri, body) => {
    reviews.push(body as ReviewBody);
    return { id: reviewId };
  });
}

async function waitForRun(queues: ReviewQueues, headSha: string): Promise<string> {
  const runId = computeRunId({ ...fixtureRepo, pullNumber: 2, headSha, baseSha: "", installationId });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const job = await queues.control.getJob(toJobIds(runId).publish);
    const state = job ? await job.getState() : "missing";
    if (state === "completed" || state === "failed") return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run for ${headSha} did not finish in time`);
}

function deliver(probot: Probot, id: string, payload: Record<string, unknown>): Promise<void> {
  return probot.receive({ id, name: "pull_request", payload } as Parameters<Probot["receive"]>[0]);
}

describe("pull request → fused review, end to end (real Redis, real model, faked GitHub)", () => {
  let pool: ModelPool;
  let queues: ReviewQueues;
  let cleanup: () => Promise<void>;
  let workers: QuorumWorkers;
  let probot: Probot;

  beforeAll(async () => {
    const config = await loadPoolConfig("models/pool.yml");
    pool = await createLlamaPool(config, { baseDir: "models", logger: pino({ level: "silent" }) });
    ({ queues, cleanup } = createTestQueues());
    probot = createTestProbot();
    await probot.load(createQuorumApp({ queues }));
    workers = await startQuorumWorkers({
      settings: queues.settings,
      logger: pino({ level: "silent" }),
      reviewConcurrency: 3,
      processors: createJobProcessors({
        github: { forInstallation: (id) => probot.auth(id) },
        pool,
        queues,
        logger: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
        demo: true,
      }),
    });
    nock.disableNetConnect();
  });

  afterEach(() => {
    nock.cleanAll();
  });

  afterAll(async () => {
    await workers.close();
    await cleanup();
    await pool.dispose();
    nock.enableNetConnect();
  });

  it("posts one COMMENT review with inline comments only on diff lines, and completes the check run", async () => {
    const headSha = "a".repeat(40);
    const { api, recorder, reviews, checkRunUpdates } = await fakeGitHubForRun({
      configYaml: "review:\n  quorum: 1\n  minSeverity: info\n",
    });
    expectReview(api, reviews);

    const started = performance.now();
    await deliver(probot, "delivery-e2e-1", buildPullRequestPayload({ headSha }));
    expect(await waitForRun(queues, headSha)).toBe("completed");
    const elapsedMs = performance.now() - started;

    expect(reviews).toHaveLength(1);
    const review = reviews[0]!;
    expect(review.event).toBe("COMMENT");
    expect(review.commit_id).toBe(headSha);
    const lineMaps = new Map(toChangedFiles(files).map((f) => [f.path, buildDiffLineMap(f)]));
    for (const comment of review.comments ?? []) {
      expect(comment.side).toBe("RIGHT");
      expect(lineMaps.get(comment.path)?.isCommentable(comment.line), `${comment.path}:${comment.line}`).toBe(
        true,
      );
    }
    expect(review.body).toMatch(/demo/i);

    const completed = checkRunUpdates.at(-1)!;
    expect(completed.status).toBe("completed");
    expect(["success", "neutral"]).toContain(completed.conclusion);

    recorder.assertNoViolations();
    expect(api.pendingMocks()).toEqual([]);
    console.info(
      `webhook → posted review: ${Math.round(elapsedMs)} ms (${(review.comments ?? []).length} inline)`,
    );
  });
});
