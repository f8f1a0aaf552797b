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
import { fakeInstallationAccess } from "./fake-installation-access.ts";
import {
  fixtureRepo,
  installationId,
  readFixtureFiles,
  repoPath,
  type GitHubFileEntry,
} from "./pull-request-fixture.ts";
import { createTestQueues } from "./use-test-queues.ts";
import { waitForFinishedJob } from "./wait-for-finished-job.ts";

export { repoPath };
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
  /** Every text Quorum sent to GitHub: review bodies, inline comments, check-run titles and summaries. */
  postedText(): string;
  /** Method and path (without query) of every request, e.g. `POST /repos/o/r/pulls/2/reviews`. */
  operations(): string[];
}

export interface FinishedJob {
  readonly state: "completed" | "failed";
  readonly value: unknown;
  readonly attempts: number;
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
  /** Waits for any job on the control queue to finish; returns its final state, return value and attempts. */
  waitForJob(jobId: string, timeoutMs?: number): Promise<FinishedJob>;
  /**
   * Fake GitHub for one run: token, config (read once per delivery), check run (create + 2
   * updates), files (`files` when given, else those of `fixture`).
   */
  fakeGitHubForRun(options?: {
    configYaml?: string;
    fixture?: string;
    files?: readonly GitHubFileEntry[];
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

  async function waitForJob(jobId: string, timeoutMs = 120_000): Promise<FinishedJob> {
    const { state, job } = await waitForFinishedJob(queues.control, jobId, { timeoutMs, pollMs: 50 });
    return { state, value: job?.returnvalue, attempts: job?.attemptsMade ?? 0 };
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
    async fakeGitHubForRun({ configYaml, fixture = "cart-discount", files, deliveries = 1 } = {}) {
      const api = nock("https://api.github.com");
      const recorder = await recordGitHubRequests(api);
      const reviews: PostedReview[] = [];
      const checkRunUpdates: Record<string, unknown>[] = [];
      const recordCheckRunUpdate = (_uri: string, body: nock.Body): { id: number } => {
        checkRunUpdates.push(body as Record<string, unknown>);
        return { id: checkRunId };
      };
      // Probot caches installation tokens, so only the first run of a test file asks for one.
      fakeInstallationAccess(api, { deliveries, configYaml })
        .post(`${repoPath}/check-runs`)
        .reply(201, { id: checkRunId })
        .get(`${repoPath}/pulls/2/files`)
        .query(true)
        .reply(200, (files ?? readFixtureFiles(fixture)) as nock.Body)
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
        postedText() {
          const texts: string[] = [];
          for (const review of reviews)
            texts.push(review.body, ...(review.comments ?? []).map((c) => c.body));
          const checkRuns = [
            ...recorder.requestsTo("POST", "/repos/{owner}/{repo}/check-runs"),
            ...recorder.requestsTo("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}"),
          ];
          for (const checkRun of checkRuns) {
            const { output = {} } = checkRun.body as {
              output?: { title?: string; summary?: string; text?: string };
            };
            texts.push(output.title ?? "", output.summary ?? "", output.text ?? "");
          }
          return texts.join("\n");
        },
        operations() {
          return recorder.requests.map((r) => `${r.method} ${r.path.split("?")[0] ?? r.path}`);
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
