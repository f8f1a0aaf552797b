import { describe, expect, it } from "vitest";
import { parseRepoConfig } from "../../src/config/index.ts";
import { planReview } from "../../src/plan/index.ts";
import { buildReviewFlow, computeRunId, controlQueueName, reviewQueueName } from "../../src/queue/index.ts";
import { readFixtureFiles, toChangedFiles } from "../helpers/pull-request-fixture.ts";

const pr = {
  owner: "o",
  repo: "r",
  pullNumber: 1,
  headSha: "1".repeat(40),
  baseSha: "2".repeat(40),
  installationId: 1,
};

describe("buildReviewFlow", () => {
  it("turns the plan's DAG into publish ← fuse ← reviews, with ids BullMQ accepts", () => {
    const files = toChangedFiles(readFixtureFiles("cart-discount"));
    const plan = planReview(files, { reviewers: 3 });
    const run = { runId: computeRunId(pr), deliveryId: "d", pr, trigger: "opened", checkRunId: 5 };
    const flow = buildReviewFlow({
      run,
      plan,
      files,
      config: parseRepoConfig(null).config,
      configProblems: [],
    });

    expect(flow.queueName).toBe(controlQueueName);
    const fuse = flow.children?.[0];
    expect(fuse?.queueName).toBe(controlQueueName);
    const reviews = fuse?.children ?? [];
    expect(reviews).toHaveLength(plan.tasks.filter((t) => t.kind === "review").length);
    for (const review of reviews) {
      expect(review.queueName).toBe(reviewQueueName);
      expect(review.opts?.jobId).not.toContain(":");
      // A review that fails for good must not leave the run waiting forever.
      expect(review.opts?.ignoreDependencyOnFailure).toBe(true);
    }
    expect(new Set(reviews.map((r) => r.opts?.jobId)).size).toBe(reviews.length);
  });

  it("gives the same head the same run id and a new head a new one", () => {
    expect(computeRunId(pr)).toBe(computeRunId({ ...pr, installationId: 2, baseSha: "3".repeat(40) }));
    expect(computeRunId(pr)).not.toBe(computeRunId({ ...pr, headSha: "4".repeat(40) }));
  });
});
