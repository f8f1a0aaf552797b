import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { repoConfigSchema } from "../../src/config/index.ts";
import type { PullRequestRef } from "../../src/domain/index.ts";
import { toPlanOptions } from "../../src/pipeline/index.ts";
import { planReview } from "../../src/plan/index.ts";
import {
  buildReviewFlow,
  computeRunId,
  enqueuePrepare,
  enqueueTests,
  toJobIds,
  type ReviewQueues,
} from "../../src/queue/index.ts";
import { readRuns, type RunView } from "../../src/status/index.ts";
import {
  fixtureRepo,
  installationId,
  readFixtureFiles,
  toChangedFiles,
} from "../helpers/pull-request-fixture.ts";
import { createTestQueues } from "../helpers/use-test-queues.ts";

const config = repoConfigSchema.parse({});
const ghe = "https://ghe.example.com";

function pullRequest(headSha: string, pullNumber = 2): PullRequestRef {
  return { ...fixtureRepo, pullNumber, headSha, baseSha: "0".repeat(40), installationId };
}

/** A planned run as the prepare step adds it: the flow publish ← fuse ← reviews. */
async function addPlannedRun(
  queues: ReviewQueues,
  pr: PullRequestRef,
): Promise<{ runId: string; reviews: number }> {
  const files = toChangedFiles(readFixtureFiles("cart-discount"));
  const plan = planReview(files, toPlanOptions(config));
  const runId = computeRunId(pr);
  await queues.flows.add(
    buildReviewFlow({
      run: { runId, deliveryId: `d-${runId}`, pr, trigger: "synchronize", checkRunId: 4711 },
      plan,
      files,
      config,
      configProblems: [],
    }),
  );
  return { runId, reviews: plan.tasks.filter((t) => t.kind === "review").length };
}

function byHead(runs: readonly RunView[], headSha: string): RunView {
  const run = runs.find((r) => r.headSha === headSha);
  if (!run) throw new Error(`no run for ${headSha}`);
  return run;
}

describe("readRuns (real BullMQ jobs, no workers)", () => {
  let queues: ReviewQueues;
  let cleanup: () => Promise<void>;

  beforeEach(() => {
    ({ queues, cleanup } = createTestQueues());
  });

  afterEach(async () => {
    await cleanup();
  });

  it("shows a requested review as one queued planning step, once however often it was delivered", async () => {
    const pr = pullRequest("a".repeat(40));
    for (const deliveryId of ["d-1", "d-2"]) {
      await enqueuePrepare(queues, { deliveryId, pr, trigger: "opened", config, configProblems: [] });
    }
    const runs = await readRuns({ queues, githubUrl: "https://github.com" });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      id: computeRunId(pr),
      kind: "review",
      owner: fixtureRepo.owner,
      repo: fixtureRepo.repo,
      number: 2,
      url: `https://github.com/${fixtureRepo.owner}/${fixtureRepo.repo}/pull/2`,
      trigger: "opened",
      status: "queued",
      checkRunUrl: undefined,
    });
    expect(runs[0]?.tasks).toEqual([
      expect.objectContaining({
        id: "plan",
        kind: "plan",
        state: "waiting",
        jobState: "waiting",
        attempts: 0,
      }),
    ]);
    expect(runs[0]?.tasks[0]?.queuedAt).toBeGreaterThan(0);
    expect(runs[0]?.tasks[0]?.startedAt).toBeUndefined();
  });

  it("reads a planned run's DAG from its flow, with links to GitHub Enterprise", async () => {
    const pr = pullRequest("b".repeat(40), 31);
    const { runId, reviews } = await addPlannedRun(queues, pr);
    const run = byHead(await readRuns({ queues, githubUrl: ghe }), pr.headSha);
    expect(run).toMatchObject({
      id: runId,
      url: `${ghe}/${fixtureRepo.owner}/${fixtureRepo.repo}/pull/31`,
      checkRunUrl: `${ghe}/${fixtureRepo.owner}/${fixtureRepo.repo}/runs/4711`,
      trigger: "synchronize",
      status: "queued",
    });
    expect(run.tasks.map((t) => t.kind)).toEqual([
      ...Array<string>(reviews).fill("review"),
      "fuse",
      "publish",
    ]);
    expect(reviews).toBeGreaterThan(0);
    expect(
      run.tasks
        .filter((t) => t.kind === "review")
        .every((t) => t.state === "waiting" && t.chunkId !== undefined),
    ).toBe(true);
    expect(run.tasks.find((t) => t.kind === "fuse")).toMatchObject({
      state: "waiting",
      jobState: "waiting-children",
    });
  });

  it("marks a cancelled run, and a run whose jobs were removed, as cancelled", async () => {
    const cancelled = pullRequest("c".repeat(40));
    const { runId } = await addPlannedRun(queues, cancelled);
    await queues.runs.cancel(runId, "superseded by dddddddddddd");
    const removed = pullRequest("e".repeat(40), 3);
    const second = await addPlannedRun(queues, removed);
    const fuse = await queues.control.getJob(toJobIds(second.runId).fuse);
    const firstReview = (fuse?.data as { reviewTasks: { id: string }[] }).reviewTasks[0]!;
    await (await queues.review.getJob(toJobIds(second.runId).review(firstReview.id)))?.remove();

    const runs = await readRuns({ queues, githubUrl: "https://github.com" });
    expect(byHead(runs, cancelled.headSha)).toMatchObject({
      status: "cancelled",
      detail: "superseded by dddddddddddd",
    });
    const run = byHead(runs, removed.headSha);
    expect(run.status).toBe("cancelled");
    expect(run.tasks.find((t) => t.id === firstReview.id)).toMatchObject({
      state: "removed",
      jobState: "removed",
    });
  });

  it("lists a tests request as a one-task run linked to its pull request, and honours the limit", async () => {
    await enqueueTests(queues, {
      deliveryId: "t-1",
      owner: fixtureRepo.owner,
      repo: fixtureRepo.repo,
      installationId,
      cloneUrl: "https://github.com/x/y.git",
      pullRequest: {
        number: 9,
        title: "Add discounts",
        body: "",
        headRef: "feature",
        headSha: "f".repeat(40),
      },
      changedFiles: ["src/cart.js"],
      requestedBy: "octocat",
      config,
    });
    await addPlannedRun(queues, pullRequest("1".repeat(40)));
    await addPlannedRun(queues, pullRequest("2".repeat(40)));

    const runs = await readRuns({ queues, githubUrl: "https://github.com" });
    expect(byHead(runs, "f".repeat(40))).toMatchObject({
      kind: "tests",
      number: 9,
      title: "Add discounts",
      url: `https://github.com/${fixtureRepo.owner}/${fixtureRepo.repo}/pull/9`,
      trigger: "requested by octocat",
      status: "queued",
      tasks: [expect.objectContaining({ kind: "tests", state: "waiting" })],
    });
    expect(await readRuns({ queues, githubUrl: "https://github.com", limit: 2 })).toHaveLength(2);
  });
});
