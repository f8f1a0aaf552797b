import { readFileSync } from "node:fs";
import nock from "nock";
import { describe, expect, it } from "vitest";
import type { CompletionRequest } from "../../src/pool/index.ts";
import { buildPullRequestPayload, fixtureRepo } from "../helpers/pull-request-fixture.ts";
import { repoPath } from "../helpers/start-review-harness.ts";
import { useScriptedReviewHarness } from "../helpers/use-scripted-review-harness.ts";

/**
 * Reviews converge: after a push only the new change is reviewed, and a finding Quorum already
 * posted is not posted again — even when the code moved and the agents worded it differently, and
 * even when Redis forgot everything.
 */
const firstHead = "1".repeat(40);
const secondHead = "2".repeat(40);
const thirdHead = "3".repeat(40);

function answer(request: CompletionRequest): string {
  const pushed = request.prompt.includes("Totals are in cents.");
  const findings = [
    {
      path: "src/cart.js",
      // The loop is on line 5 before the push and on line 6 after it.
      line: pushed ? 6 : 5,
      message: pushed
        ? "This loop runs one step past the end of the items array."
        : "The loop runs one past the end of the items array.",
      category: "bug",
      severity: "major",
      confidence: 0.9,
    },
  ];
  if (request.prompt.includes("return items.length + 1;")) {
    findings.push({
      path: "src/cart.js",
      line: 17,
      message: "count() returns one more than the number of items.",
      category: "bug",
      severity: "major",
      confidence: 0.8,
    });
  }
  return JSON.stringify({ findings });
}

describe("a second push", () => {
  const suite = useScriptedReviewHarness(answer);

  it("reviews only what changed and never repeats a posted finding, with or without Redis' memory", async () => {
    const { harness } = suite;
    // First review: the loop finding is posted inline.
    const first = await harness.fakeGitHubForRun();
    first.expectReview();
    await harness.deliver("push-1", buildPullRequestPayload({ headSha: firstHead }));
    expect(await harness.waitForRun(firstHead)).toBe("completed");
    expect(first.reviews[0]?.comments?.map((c) => c.line)).toEqual([5]);
    const posted = [...(first.reviews[0]?.comments ?? [])];
    first.recorder.assertNoViolations();
    nock.cleanAll();

    // Second push: incremental review of firstHead...secondHead; only the new finding is posted.
    const second = await harness.fakeGitHubForRun({ fixture: "cart-discount-v2" });
    second.api.get(`${repoPath}/compare/${firstHead}...${secondHead}`).reply(200, {
      status: "ahead",
      files: JSON.parse(
        readFileSync("fixtures/pull-requests/cart-discount-v2/compare-files.json", "utf8"),
      ) as unknown,
    });
    second.expectReview();
    await harness.deliver("push-2", buildPullRequestPayload({ headSha: secondHead, action: "synchronize" }));
    expect(await harness.waitForRun(secondHead)).toBe("completed");
    const planning = (second.checkRunUpdates[0]?.output as { summary: string }).summary;
    expect(planning).toContain(`Incremental review of the changes since \`${firstHead.slice(0, 12)}\``);
    expect(second.reviews).toHaveLength(1);
    expect(second.reviews[0]?.comments?.map((c) => [c.line, c.body.includes("count()")])).toEqual([
      [17, true],
    ]);
    posted.push(...(second.reviews[0]?.comments ?? []));
    second.recorder.assertNoViolations();
    expect(second.api.pendingMocks()).toEqual([]);
    nock.cleanAll();

    // Redis is flushed, then an empty push: the bot's own comments are the memory now.
    await harness.queues.memory.forget({ ...fixtureRepo, pullNumber: 2 });
    const third = await harness.fakeGitHubForRun({ fixture: "cart-discount-v2" });
    third.api
      .get(`${repoPath}/pulls/2/comments`)
      .query(true)
      .reply(
        200,
        posted.map((c, i) => ({
          id: 500 + i,
          body: c.body,
          path: c.path,
          line: c.line,
          user: { login: "quorum[bot]", type: "Bot" },
        })),
      );
    await harness.deliver("push-3", buildPullRequestPayload({ headSha: thirdHead, action: "synchronize" }));
    expect(await harness.waitForRun(thirdHead)).toBe("completed");
    // Nothing new: no review at all, and the check run says what happened.
    expect(third.reviews).toHaveLength(0);
    const completed = third.checkRunUpdates.at(-1);
    expect(completed).toMatchObject({ status: "completed" });
    expect((completed?.output as { summary: string }).summary).toMatch(/already posted/i);
    third.recorder.assertNoViolations();
    expect(third.api.pendingMocks()).toEqual([]);
  });
});
