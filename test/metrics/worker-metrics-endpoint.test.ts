import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { reviewQueueName } from "../../src/queue/index.ts";
import { findFreePort } from "../helpers/find-free-port.ts";
import { buildPullRequestPayload } from "../helpers/pull-request-fixture.ts";
import { startReviewHarness, type ReviewHarness } from "../helpers/start-review-harness.ts";

function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/**
 * `quorum worker --no-control` in a process of its own, as on a second machine: it has no web
 * server, so QUORUM_METRICS_PORT gives it a listener, and the review sub-tasks it runs are counted
 * there, not in the process that serves webhooks.
 */
describe("quorum worker with QUORUM_METRICS_PORT (a real process, real Redis, tiny model)", () => {
  let harness: ReviewHarness;
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let url: string;
  let log = "";

  beforeAll(async () => {
    harness = await startReviewHarness({ demo: true });
    const port = await findFreePort();
    url = `http://127.0.0.1:${port}/metrics`;
    nock.enableNetConnect((host) => host === `127.0.0.1:${port}`);
    child = spawn(process.execPath, [path.resolve("bin/quorum.js"), "worker", "--no-control"], {
      env: {
        ...process.env,
        REDIS_URL: inject("redisUrl"),
        QUORUM_QUEUE_PREFIX: harness.queues.settings.prefix,
        QUORUM_POOL: "models/pool.yml",
        QUORUM_METRICS_PORT: String(port),
        LOG_LEVEL: "info",
        APP_ID: "",
        PRIVATE_KEY: "",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (data: Buffer) => (log += data.toString()));
    exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    while (!log.includes("serving Prometheus metrics")) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`the worker did not start:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await harness.dispose();
  });

  it("serves the worker's own sub-tasks, its pool and the queue depth, and closes on SIGTERM", async () => {
    const headSha = "f".repeat(40);
    const github = await harness.fakeGitHubForRun();
    github.expectReview();
    await harness.deliver("worker-metrics-1", buildPullRequestPayload({ headSha }));
    expect(await harness.waitForRun(headSha, 120_000)).toBe("completed");
    const planned = await harness.waitForJob("delivery-worker-metrics-1");
    const reviewTasks = (planned.value as { reviewTasks: number }).reviewTasks;

    // The worker counts a job just after BullMQ stores its end: give the last count a moment.
    const reviewsDone = 'quorum_subtask_duration_seconds_count{step="review",outcome="completed"}';
    let text = "";
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      text = await response.text();
      if (sample(text, reviewsDone) >= reviewTasks) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // The worker ran every review sub-task of the run, and nothing of the control steps.
    expect(sample(text, reviewsDone)).toBe(reviewTasks);
    expect(sample(text, `quorum_queue_wait_seconds_count{queue="${reviewQueueName}",step="review"}`)).toBe(
      reviewTasks,
    );
    expect(text).not.toContain('step="publish"');
    expect(text).toContain("# TYPE quorum_runs_total counter");
    expect(
      sample(text, 'quorum_pool_calls_total{model="stories260k",backend="llama"}'),
    ).toBeGreaterThanOrEqual(reviewTasks);
    expect(text).toContain(`quorum_queue_jobs{queue="${reviewQueueName}",state="waiting"} 0`);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  }, 180_000);
});
