import nock from "nock";
import { pino } from "pino";
import type { Probot } from "probot";
import { createQuorumApp } from "../../src/app.ts";
import { createJobProcessors, startProgressReporter } from "../../src/pipeline/index.ts";
import type { OctokitPlugin } from "../../src/metrics/index.ts";
import type { ModelPool } from "../../src/pool/index.ts";
import {
  computeRunId,
  startQuorumWorkers,
  toJobIds,
  type QuorumWorkers,
  type ReviewQueues,
} from "../../src/queue/index.ts";
import { createTestProbot } from "./create-test-probot.ts";
import { recordGitHubRequests, type GitHubRequestRecorder } from "./openapi-recorder.ts";
import { fixtureRepo, installationId, readFixtureFiles } from "./pull-request-fixture.ts";
import { createTestQueues } from "./use-test-queues.ts";

export const repoPath = `/repos/${fixtureRepo.owner}/${fixtureRepo.repo}`;
export const checkRunId = 7001;
export const reviewId = 9001;

export interface PostedReview {
  event: string;
  commit_id: string;
  body: string;
  comments?: { path: string; line: number; side: string; body: string }[];
}

export interface FakeRunGitHub {
  readonly api: nock.Scope;
  readonly recorder: GitHubRequestRecorder;
  /** Bodies of `POST /pulls/{n}/reviews`, in order. */
  readonly reviews: PostedReview[];
  /** Bodies of `PATCH /check-runs/{id}`, in order. */
  readonly checkRunUpdates: Record<string, unknown>[];
  /** Accept one more review (and answer it). */
  expectReview(): void;
}

/**
 * The whole review pipeline in one process, as `quorum all` runs it: the Probot app, real
 * BullMQ workers on a private Redis key prefix, and the given model pool. GitHub is nock.
 */
export interface ReviewHarness {
  readonly probot: Probot;
  readonly queues: ReviewQueues;
  readonly workers: QuorumWorkers;
  deliver(id: string, payload: Record<string, unknown>, name?: string): Promise<void>;
  /** Waits for the publish job of the run for this head to finish; returns its final state. */
  waitForRun(headSha: string, timeoutMs?: number): Promise<string>;
  /** Fake GitHub for one run: token, config, check run (create + 2 updates), files. */
  /** Waits for any job on the control queue to finish; returns its final state and return value. */
  waitForJob(jobId: string, timeoutMs?: number): Promise<{ state: string; value: unknown }>;
  /**
   * Fake GitHub for one run: token, config (read once per delivery), check run (create + 2
   * updates), files.
   */
  fakeGitHubForRun(options?: {
    configYaml?: string;
    fixture?: string;
    deliveries?: number;
  }): Promise<FakeRunGitHub>;
  dispose(): Promise<void>;
}

/** Without a pool the harness runs control jobs only; model jobs are left to other workers. */
export async function startReviewHarness(options: {
  pool?: ModelPool | undefined;
  demo: boolean;
  coalesceMs?: number;
  /** Plugins for Probot's Octokit class, e.g. the metrics plugin. Default: none. */
  octokitPlugins?: readonly OctokitPlugin[];
}): Promise<ReviewHarness> {
  const { queues, cleanup } = createTestQueues({ coalesceMs: options.coalesceMs ?? 0 });
  const probot = createTestProbot({ plugins: options.octokitPlugins ?? [] });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  await probot.load(createQuorumApp({ queues }));
  const workers: QuorumWorkers = await startQuorumWorkers({
    settings: queues.settings,
    logger,
    reviewConcurrency: 3,
    review: options.pool !== undefined,
    processors: createJobProcessors({
      github: { forInstallation: (id) => probot.auth(id) },
      pool: options.pool,
      queues,
      logger,
      demo: options.demo,
    }),
  });
  const progress = await startProgressReporter({
    queues,
    github: { forInstallation: (id) => probot.auth(id) },
    logger,
    minIntervalMs: 0,
  });
  nock.disableNetConnect();

  async function waitForJob(jobId: string, timeoutMs = 120_000): Promise<{ state: string; value: unknown }> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const job = await queues.control.getJob(jobId);
      const state = job ? await job.getState() : "missing";
      // The job was read before it finished: read it again for its return value.
      if (state === "completed" || state === "failed") {
        return { state, value: (await queues.control.getJob(jobId))?.returnvalue };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`job ${jobId} did not finish within ${timeoutMs} ms`);
  }

  return {
    probot,
    queues,
    workers,
    deliver(id, payload, name = "pull_request") {
      return probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
    },
    waitForJob,
    async waitForRun(headSha, timeoutMs = 120_000) {
      const runId = computeRunId({ ...fixtureRepo, pullNumber: 2, headSha, baseSha: "", installationId });
      return (await waitForJob(toJobIds(runId).publish, timeoutMs)).state;
    },
    async fakeGitHubForRun({ configYaml, fixture = "cart-discount", deliveries = 1 } = {}) {
      const api = nock("https://api.github.com");
      const recorder = await recordGitHubRequests(api);
      const reviews: PostedReview[] = [];
      const checkRunUpdates: Record<string, unknown>[] = [];
      const recordCheckRunUpdate = (_uri: string, body: nock.Body): { id: number } => {
        checkRunUpdates.push(body as Record<string, unknown>);
        return { id: checkRunId };
      };
      api
        // Probot caches installation tokens, so only the first run of a test file asks for one.
        .post(`/app/installations/${installationId}/access_tokens`)
        .optionally()
        .reply(201, { token: "ghs_testtoken", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
        .get(`${repoPath}/contents/.github%2Fquorum.yml`)
        .times(deliveries)
        .reply(configYaml === undefined ? 404 : 200, configYaml ?? { message: "Not Found" })
        .post(`${repoPath}/check-runs`)
        .reply(201, { id: checkRunId })
        .get(`${repoPath}/pulls/2/files`)
        .query(true)
        .reply(200, readFixtureFiles(fixture))
        // Planning, progress as sub-tasks finish (how many depends on timing), completion.
        .patch(`${repoPath}/check-runs/${checkRunId}`)
        .times(2)
        .reply(200, recordCheckRunUpdate);
      // Progress updates are extra and optional.
      api
        .patch(`${repoPath}/check-runs/${checkRunId}`)
        .optionally()
        .times(50)
        .reply(200, recordCheckRunUpdate);
      if (configYaml === undefined) {
        // Probot falls back to the owner's `.github` repository when the repo has no config.
        api
          .get(`/repos/${fixtureRepo.owner}/.github/contents/.github%2Fquorum.yml`)
          .times(deliveries)
          .reply(404, { message: "Not Found" });
      }
      return {
        api,
        recorder,
        reviews,
        checkRunUpdates,
        expectReview() {
          api.post(`${repoPath}/pulls/2/reviews`).reply(200, (_uri, body) => {
            reviews.push(body as PostedReview);
            return { id: reviewId };
          });
        },
      };
    },
    async dispose() {
      await progress.close();
      await workers.close();
      await cleanup();
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
