import nock from "nock";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDiffLineMap } from "../../src/diff/index.ts";
import { createLlamaPool, loadPoolConfig, type ModelPool } from "../../src/pool/index.ts";
import {
  buildPullRequestPayload,
  readFixtureFiles,
  toChangedFiles,
} from "../helpers/pull-request-fixture.ts";
import { startReviewHarness, type ReviewHarness } from "../helpers/start-review-harness.ts";

describe("pull request → fused review, end to end (real Redis, real tiny model, faked GitHub)", () => {
  let pool: ModelPool;
  let harness: ReviewHarness;

  beforeAll(async () => {
    pool = await createLlamaPool(await loadPoolConfig("models/pool.yml"), {
      logger: pino({ level: "silent" }),
    });
    harness = await startReviewHarness({ pool, demo: true });
  });

  afterEach(() => {
    nock.cleanAll();
  });

  afterAll(async () => {
    await harness.dispose();
    await pool.dispose();
  });

  it("posts one COMMENT review with inline comments only on diff lines, and completes the check run", async () => {
    const headSha = "a".repeat(40);
    const github = await harness.fakeGitHubForRun();
    github.expectReview();

    const started = performance.now();
    await harness.deliver("delivery-e2e-1", buildPullRequestPayload({ headSha }));
    expect(await harness.waitForRun(headSha)).toBe("completed");
    const elapsedMs = performance.now() - started;

    expect(github.reviews).toHaveLength(1);
    const review = github.reviews[0]!;
    expect(review.event).toBe("COMMENT");
    expect(review.commit_id).toBe(headSha);
    const lineMaps = new Map(
      toChangedFiles(readFixtureFiles("cart-discount")).map((f) => [f.path, buildDiffLineMap(f)]),
    );
    for (const comment of review.comments ?? []) {
      expect(comment.side).toBe("RIGHT");
      expect(lineMaps.get(comment.path)?.isCommentable(comment.line), `${comment.path}:${comment.line}`).toBe(
        true,
      );
    }
    // The bundled toy model must never pass for real advice.
    expect(review.body).toMatch(/demo/i);
    // The binary file and the deleted file are named as not reviewed.
    expect(review.body).toContain("logo.png");
    expect(review.body).toContain("src/legacy.js");

    const planning = github.checkRunUpdates[0];
    const completed = github.checkRunUpdates.at(-1);
    expect(planning?.status).toBeUndefined();
    expect((planning?.output as { title: string }).title).toMatch(/^Reviewing/);
    expect(completed?.status).toBe("completed");
    expect(["success", "neutral"]).toContain(completed?.conclusion);

    github.recorder.assertNoViolations();
    expect(github.api.pendingMocks()).toEqual([]);
    console.info(
      `webhook → posted review: ${Math.round(elapsedMs)} ms, ${(review.comments ?? []).length} inline`,
    );
  });

  it("reviews a delivery received twice, and a second delivery for the same head, only once", async () => {
    const headSha = "b".repeat(40);
    const github = await harness.fakeGitHubForRun({ deliveries: 3 });
    github.expectReview();
    const payload = buildPullRequestPayload({ headSha });

    await harness.deliver("delivery-dup-1", payload);
    await harness.deliver("delivery-dup-1", payload);
    expect(await harness.waitForRun(headSha)).toBe("completed");
    // Another delivery for the same head (`reopened` racing `opened`) finds the run and stops.
    await harness.deliver("delivery-dup-2", buildPullRequestPayload({ headSha, action: "reopened" }));
    const second = await harness.waitForJob("delivery-delivery-dup-2");

    expect(second).toMatchObject({ state: "completed", value: { status: "duplicate" } });
    expect(github.reviews).toHaveLength(1);
    const prepares = (
      await harness.queues.control.getJobs(["completed", "failed", "waiting", "active"])
    ).filter(
      (job) =>
        job.name === "prepare-review" && (job.data as { pr: { headSha: string } }).pr.headSha === headSha,
    );
    expect(prepares.map((job) => job.id).sort()).toEqual([
      "delivery-delivery-dup-1",
      "delivery-delivery-dup-2",
    ]);
    github.recorder.assertNoViolations();
    expect(github.api.pendingMocks()).toEqual([]);
  });
});
