import nock from "nock";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  MetricsRegistry,
  createGitHubMetricsPlugin,
  jobWaitBuckets,
  startProcessMetrics,
  subtaskDurationBuckets,
  type ProcessMetrics,
} from "../../src/metrics/index.ts";
import { createLlamaPool, loadPoolConfig, type ModelPool } from "../../src/pool/index.ts";
import { computeRunId, controlQueueName, fixQueueName, reviewQueueName } from "../../src/queue/index.ts";
import { recordGitHubRequests } from "../helpers/openapi-recorder.ts";
import { buildPullRequestPayload, fixtureRepo, installationId } from "../helpers/pull-request-fixture.ts";
import { repoPath, startReviewHarness, type ReviewHarness } from "../helpers/start-review-harness.ts";

/** The value of one series in scraped text; 0 when the series is absent (nothing counted yet). */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** The `_bucket` values of one histogram series, in order, `+Inf` last. */
function buckets(text: string, name: string, labels: string): number[] {
  return text
    .split("\n")
    .filter((l) => l.startsWith(`${name}_bucket{${labels},le=`))
    .map((l) => Number(l.split(" ").at(-1)));
}

function expectWellFormedHistogram(
  text: string,
  name: string,
  labels: string,
  bounds: readonly number[],
): void {
  const counts = buckets(text, name, labels);
  expect(counts, `${name}{${labels}}`).toHaveLength(bounds.length + 1);
  for (let i = 1; i < counts.length; i += 1) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1] ?? 0);
  expect(counts.at(-1)).toBe(sample(text, `${name}_count{${labels}}`));
  expect(sample(text, `${name}_sum{${labels}}`)).toBeGreaterThanOrEqual(0);
}

const runs = (outcome: string): string => `quorum_runs_total{kind="review",outcome="${outcome}"}`;
const durationCount = (step: string, outcome: string): string =>
  `quorum_subtask_duration_seconds_count{step="${step}",outcome="${outcome}"}`;

describe("process metrics of a review run (real Redis and BullMQ, real tiny model, faked GitHub)", () => {
  let pool: ModelPool;
  let harness: ReviewHarness;
  let processMetrics: ProcessMetrics;

  beforeAll(async () => {
    pool = await createLlamaPool(await loadPoolConfig("models/pool.yml"), {
      logger: pino({ level: "silent" }),
    });
    const registry = new MetricsRegistry();
    harness = await startReviewHarness({
      pool,
      demo: true,
      octokitPlugins: [createGitHubMetricsPlugin(registry)],
    });
    // `quorum worker` with QUORUM_METRICS_PORT: its own listener (0 lets the system pick a port).
    processMetrics = await startProcessMetrics({
      registry,
      queues: harness.queues,
      workers: harness.workers.workers,
      pool,
      port: 0,
      logger: pino({ level: "silent" }),
    });
    nock.enableNetConnect((host) => host.startsWith("127.0.0.1:"));
  });

  afterEach(() => {
    nock.cleanAll();
  });

  afterAll(async () => {
    await processMetrics.dispose();
    await harness.dispose();
    await pool.dispose();
  });

  async function scrape(): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${processMetrics.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  }

  /** Workers count a job just after BullMQ stores its end, so the count may trail the job's state. */
  async function scrapeUntil(done: (text: string) => boolean): Promise<string> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const text = await scrape();
      if (done(text) || Date.now() > deadline) return text;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("counts the run with its outcome, each sub-task's latency and queue wait, and the GitHub calls", async () => {
    const before = await scrape();
    const headSha = "c".repeat(40);
    const github = await harness.fakeGitHubForRun({ deliveries: 2 });
    github.expectReview();

    await harness.deliver("metrics-run-1", buildPullRequestPayload({ headSha }));
    expect(await harness.waitForRun(headSha)).toBe("completed");
    const planned = await harness.waitForJob("delivery-metrics-run-1");
    const reviewTasks = (planned.value as { reviewTasks: number }).reviewTasks;
    expect(reviewTasks).toBeGreaterThan(0);
    // A second delivery for the same head finds the run: counted as a duplicate, not a second run.
    await harness.deliver("metrics-run-2", buildPullRequestPayload({ headSha, action: "reopened" }));
    expect(await harness.waitForJob("delivery-metrics-run-2")).toMatchObject({
      value: { status: "duplicate" },
    });

    const text = await scrapeUntil(
      (t) =>
        sample(t, runs("completed")) - sample(before, runs("completed")) >= 1 &&
        sample(t, runs("duplicate")) - sample(before, runs("duplicate")) >= 1,
    );
    const delta = (series: string): number => sample(text, series) - sample(before, series);

    expect(delta(runs("completed"))).toBe(1);
    expect(delta(runs("duplicate"))).toBe(1);
    expect(delta(runs("failed"))).toBe(0);

    expect(delta(durationCount("prepare", "completed"))).toBe(2);
    expect(delta(durationCount("review", "completed"))).toBe(reviewTasks);
    expect(delta(durationCount("fuse", "completed"))).toBe(1);
    expect(delta(durationCount("publish", "completed"))).toBe(1);
    for (const step of ["prepare", "review", "fuse", "publish"]) {
      expectWellFormedHistogram(
        text,
        "quorum_subtask_duration_seconds",
        `step="${step}",outcome="completed"`,
        subtaskDurationBuckets,
      );
    }

    const wait = (queue: string, step: string): string =>
      `quorum_queue_wait_seconds_count{queue="${queue}",step="${step}"}`;
    expect(delta(wait(controlQueueName, "prepare"))).toBe(2);
    expect(delta(wait(reviewQueueName, "review"))).toBe(reviewTasks);
    expectWellFormedHistogram(
      text,
      "quorum_queue_wait_seconds",
      `queue="${reviewQueueName}",step="review"`,
      jobWaitBuckets,
    );
    // Fuse and publish wait for their children, not for a worker.
    expect(text).not.toMatch(/quorum_queue_wait_seconds_count\{[^}]*step="(fuse|publish)"/);

    const requests = (method: string, route: string, status: number): string =>
      `quorum_github_requests_total{method="${method}",route="${route}",status="${status}"}`;
    expect(delta(requests("POST", "/repos/{owner}/{repo}/check-runs", 201))).toBe(
      github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/check-runs").length,
    );
    expect(delta(requests("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", 200))).toBe(
      github.recorder.requestsTo("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}").length,
    );
    expect(delta(requests("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", 200))).toBe(1);
    const total = (t: string): number =>
      t
        .split("\n")
        .filter((l) => l.startsWith("quorum_github_requests_total{"))
        .reduce((sum, l) => sum + Number(l.split(" ").at(-1)), 0);
    expect(total(text) - total(before)).toBe(github.recorder.requests.length);

    // The pool's own families come out of the same endpoint.
    const [member] = pool.members();
    const poolLabels = `{model="${member?.name ?? ""}",backend="${member?.backend ?? ""}"}`;
    expect(sample(text, `quorum_pool_calls_total${poolLabels}`)).toBeGreaterThanOrEqual(reviewTasks);
    expect(sample(text, `quorum_pool_tokens_per_second${poolLabels}`)).toBeGreaterThan(0);
    expect(sample(text, `quorum_pool_utilisation_ratio${poolLabels}`)).toBeGreaterThan(0);
    const reused = sample(text, `quorum_pool_reused_prompt_ratio${poolLabels}`);
    expect(reused >= 0 && reused <= 1).toBe(true);

    github.recorder.assertNoViolations();
    expect(github.api.pendingMocks()).toEqual([]);
  });

  it("counts a run cancelled before it published as cancelled, not completed", async () => {
    const before = await scrape();
    const headSha = "d".repeat(40);
    const github = await harness.fakeGitHubForRun();

    await harness.deliver("metrics-cancel-1", buildPullRequestPayload({ headSha }));
    const runId = computeRunId({ ...fixtureRepo, pullNumber: 2, headSha, baseSha: "", installationId });
    await harness.queues.runs.cancel(runId, "test: cancelled by the operator");
    expect(await harness.waitForRun(headSha)).toBe("completed");

    const text = await scrapeUntil((t) => sample(t, runs("cancelled")) > sample(before, runs("cancelled")));
    expect(sample(text, runs("cancelled")) - sample(before, runs("cancelled"))).toBe(1);
    expect(sample(text, runs("completed")) - sample(before, runs("completed"))).toBe(0);
    expect(github.reviews).toEqual([]);
    expect(github.checkRunUpdates.at(-1)).toMatchObject({ conclusion: "cancelled" });
  });

  it("counts a run whose prepare step failed for good as failed, with the failed attempt's latency", async () => {
    const before = await scrape();
    const headSha = "e".repeat(40);
    // The run's usual GitHub, except that the files cannot be read: nock answers with the
    // interceptor registered first, so this 403 comes before the fake's 200.
    const failing = nock("https://api.github.com");
    const failingRecorder = await recordGitHubRequests(failing);
    failing
      .get(`${repoPath}/pulls/2/files`)
      .query(true)
      .reply(403, { message: "Resource not accessible by integration" });
    const github = await harness.fakeGitHubForRun();

    await harness.deliver("metrics-fail-1", buildPullRequestPayload({ headSha }));
    expect((await harness.waitForJob("delivery-metrics-fail-1")).state).toBe("failed");

    const text = await scrapeUntil((t) => sample(t, runs("failed")) > sample(before, runs("failed")));
    expect(sample(text, runs("failed")) - sample(before, runs("failed"))).toBe(1);
    expect(
      sample(text, durationCount("prepare", "failed")) - sample(before, durationCount("prepare", "failed")),
    ).toBe(1);
    expectWellFormedHistogram(
      text,
      "quorum_subtask_duration_seconds",
      'step="prepare",outcome="failed"',
      subtaskDurationBuckets,
    );
    expect(
      sample(
        text,
        'quorum_github_requests_total{method="GET",route="/repos/{owner}/{repo}/pulls/{id}/files",status="403"}',
      ),
    ).toBe(1);
    failingRecorder.assertNoViolations();
    github.recorder.assertNoViolations();
    expect(failing.pendingMocks()).toEqual([]);
  });

  it("reports each queue's depth by state, read from Redis at scrape time", async () => {
    const added = [
      await harness.queues.fix.add("fix-issue", { note: "no fix worker runs in this test" }),
      await harness.queues.fix.add("fix-issue", { note: "no fix worker runs in this test" }),
      await harness.queues.control.add(
        "prepare-review",
        { note: "delayed past the test" },
        { delay: 3_600_000 },
      ),
    ];
    try {
      const text = await scrape();
      const depth = (queue: string, state: string): number =>
        sample(text, `quorum_queue_jobs{queue="${queue}",state="${state}"}`);
      expect(depth(fixQueueName, "waiting")).toBe(2);
      expect(depth(controlQueueName, "delayed")).toBe(1);
      expect(depth(reviewQueueName, "active")).toBe(0);
      expect(text).toContain(`quorum_queue_jobs{queue="${reviewQueueName}",state="waiting-children"} 0`);
    } finally {
      for (const job of added) await job.remove();
    }
    expect(sample(await scrape(), `quorum_queue_jobs{queue="${fixQueueName}",state="waiting"}`)).toBe(0);
  });

  it("answers only /metrics on its own listener", async () => {
    const response = await fetch(`http://127.0.0.1:${processMetrics.port}/status`);
    expect(response.status).toBe(404);
    await response.text();
  });
});
