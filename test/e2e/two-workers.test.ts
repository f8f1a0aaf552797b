import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { AgentReport } from "../../src/domain/index.ts";
import { buildPullRequestPayload } from "../helpers/pull-request-fixture.ts";
import { startReviewHarness, type ReviewHarness } from "../helpers/start-review-harness.ts";

/**
 * Scaling past one machine: model workers in their own processes (as `quorum worker --no-control`
 * on other machines would run), sharing one Redis with the process that serves webhooks and runs
 * control jobs.
 */
interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

async function startWorkerProcess(name: string, poolFile: string, prefix: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [path.resolve("bin/quorum.js"), "worker", "--no-control"], {
    env: {
      ...process.env,
      REDIS_URL: inject("redisUrl"),
      QUORUM_QUEUE_PREFIX: prefix,
      QUORUM_POOL: poolFile,
      QUORUM_WORKER_NAME: name,
      QUORUM_LOCK_MS: "3000",
      LOG_LEVEL: "info",
      APP_ID: "",
      PRIVATE_KEY: "",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${name} did not start:\n${log}`)), 60_000);
    child.stderr.on("data", (data: Buffer) => {
      log += data.toString();
      if (log.includes("workers ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`worker ${name} exited with ${code}:\n${log}`)));
  });
  return { name, child, exited };
}

async function writePool(dir: string, name: string): Promise<string> {
  const file = path.join(dir, `${name}.yml`);
  await writeFile(
    file,
    `demo: true\nmodels:\n  - name: ${name}\n    file: ${path.resolve("models/stories260K.gguf")}\n    roles: [review]\n    instances: 1\n    threads: 1\n`,
  );
  return file;
}

describe("two model workers on one Redis", () => {
  let harness: ReviewHarness;
  let dir: string;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    harness = await startReviewHarness({ demo: true });
    dir = await mkdtemp(path.join(tmpdir(), "quorum-workers-"));
    const prefix = harness.queues.settings.prefix;
    workers = await Promise.all([
      startWorkerProcess("alpha", await writePool(dir, "alpha"), prefix),
      startWorkerProcess("beta", await writePool(dir, "beta"), prefix),
    ]);
  }, 120_000);

  afterEach(() => {
    nock.cleanAll();
  });

  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL");
    await harness.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function reportsOfRun(headSha: string): Promise<AgentReport[]> {
    const jobs = await harness.queues.review.getJobs(["completed"]);
    return jobs
      .filter((job) => (job.data as { run: { pr: { headSha: string } } }).run.pr.headSha === headSha)
      .map((job) => job.returnvalue as AgentReport);
  }

  it("splits the sub-tasks of one run between the workers", async () => {
    const headSha = "1".repeat(40);
    const github = await harness.fakeGitHubForRun({ configYaml: "review:\n  reviewers: 4\n" });
    github.expectReview();
    await harness.deliver("delivery-split", buildPullRequestPayload({ headSha }));
    expect(await harness.waitForRun(headSha, 180_000)).toBe("completed");

    const models = new Set((await reportsOfRun(headSha)).map((r) => r.agent.model));
    expect(models).toEqual(new Set(["alpha", "beta"]));
    expect(github.reviews).toHaveLength(1);
    github.recorder.assertNoViolations();
  }, 200_000);

  it("finishes the run with exactly one review when a worker is killed mid-job", async () => {
    const headSha = "2".repeat(40);
    const github = await harness.fakeGitHubForRun({ configYaml: "review:\n  reviewers: 4\n" });
    github.expectReview();
    await harness.deliver("delivery-kill", buildPullRequestPayload({ headSha }));

    const [alpha] = workers;
    const deadline = Date.now() + 60_000;
    let killed = false;
    while (!killed && Date.now() < deadline) {
      const active = await harness.queues.review.getJobs(["active"]);
      if (active.some((job) => job.processedBy === "alpha")) {
        alpha?.child.kill("SIGKILL");
        killed = true;
      } else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(killed).toBe(true);
    expect(await alpha?.exited).toBeNull();

    expect(await harness.waitForRun(headSha, 180_000)).toBe("completed");
    expect(github.reviews).toHaveLength(1);
    const reports = await reportsOfRun(headSha);
    expect(reports).toHaveLength(4);
    // The job alpha held was taken over by beta once alpha's lock expired.
    expect(reports.filter((r) => r.agent.model === "beta").length).toBeGreaterThanOrEqual(3);
    github.recorder.assertNoViolations();
  }, 200_000);

  it("drains on SIGTERM: a worker finishes the job it holds, then exits cleanly", async () => {
    const gamma = await startWorkerProcess(
      "gamma",
      await writePool(dir, "gamma"),
      harness.queues.settings.prefix,
    );
    workers.push(gamma);
    const headSha = "3".repeat(40);
    const github = await harness.fakeGitHubForRun({ configYaml: "review:\n  reviewers: 4\n" });
    github.expectReview();
    await harness.deliver("delivery-drain", buildPullRequestPayload({ headSha }));

    let held: string | undefined;
    const deadline = Date.now() + 60_000;
    while (held === undefined && Date.now() < deadline) {
      held = (await harness.queues.review.getJobs(["active"])).find((job) => job.processedBy === "gamma")?.id;
      if (held === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(held).toBeDefined();
    gamma.child.kill("SIGTERM");
    expect(await gamma.exited).toBe(0);

    // The job was finished by gamma itself before it exited, not handed to another worker.
    const job = await harness.queues.review.getJob(held!);
    expect(await job?.getState()).toBe("completed");
    expect(job?.processedBy).toBe("gamma");
    expect(await harness.waitForRun(headSha, 180_000)).toBe("completed");
    expect(github.reviews).toHaveLength(1);
  }, 200_000);
});
