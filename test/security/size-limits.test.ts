import nock from "nock";
import { describe, expect, it } from "vitest";
import { defaultPlanOptions } from "../../src/plan/index.ts";
import { fakeCommandGitHub } from "../commands/fake-command-github.ts";
import { buildIssueCommentPayload } from "../commands/issue-comment-fixture.ts";
import type { GitHubFileEntry } from "../helpers/pull-request-fixture.ts";
import { buildPullRequestPayload } from "../helpers/pull-request-fixture.ts";
import { useScriptedReviewHarness } from "../helpers/use-scripted-review-harness.ts";

const hugeLines = 5_000;

/** A 5,000-line addition, a binary file, and a file GitHub found too large to diff. */
const files: GitHubFileEntry[] = [
  {
    filename: "src/generated-table.js",
    status: "added",
    additions: hugeLines,
    deletions: 0,
    patch: [
      `@@ -0,0 +1,${hugeLines} @@`,
      ...Array.from(
        { length: hugeLines },
        (_, i) => `+export const row${i} = computeRow(${i}, "${"x".repeat(20)}");`,
      ),
    ].join("\n"),
  },
  { filename: "assets/logo.png", status: "added", additions: 0, deletions: 0 },
  { filename: "data/dump.sql", status: "modified", additions: 20_000, deletions: 3 },
];

describe("size limits end to end (scripted agents, real Redis, faked GitHub)", () => {
  const suite = useScriptedReviewHarness(() => JSON.stringify({ findings: [] }));

  it("reviews a 5,000-line diff within the budget and names what it clipped and skipped", async () => {
    const { harness, pool } = suite;
    const headSha = "5".repeat(40);
    const github = await harness.fakeGitHubForRun({ files });
    github.expectReview();
    const diffCharacters = files[0]?.patch?.length ?? 0;

    await harness.deliver("delivery-huge", buildPullRequestPayload({ headSha }));
    expect(await harness.waitForRun(headSha)).toBe("completed");

    // One chunk × three reviewers, each call inside the per-task budget, each prompt a small
    // fraction of the diff: the planner clipped it instead of sending it all.
    expect(pool.requests).toHaveLength(defaultPlanOptions.reviewers);
    for (const request of pool.requests) {
      expect(request.maxTokens).toBeLessThanOrEqual(defaultPlanOptions.taskBudget.maxTokens);
      expect(request.timeoutMs).toBeLessThanOrEqual(defaultPlanOptions.taskBudget.timeoutMs);
      expect(request.prompt.length).toBeLessThan(diffCharacters / 10);
    }

    // The review tells the author what was not reviewed, and why.
    expect(github.reviews).toHaveLength(1);
    const body = github.reviews[0]?.body ?? "";
    expect(body).toContain("src/generated-table.js");
    expect(body).toMatch(new RegExp(`reviewed first \\d+ of ${hugeLines + 1} diff lines`));
    expect(body).toContain("assets/logo.png");
    expect(body).toMatch(/binary/);
    expect(body).toContain("data/dump.sql");
    expect(body).toMatch(/no diff available for 20,?003 changed lines/);
    github.recorder.assertNoViolations();
  });

  it("handles a comment far over GitHub's size limit without reading past it", async () => {
    const { harness } = suite;
    const github = await fakeCommandGitHub();
    // Only the first 65,536 characters can hold a command; this one hides it beyond that.
    const body = `${"lorem ipsum ".repeat(100_000)}\n/quorum review`;
    await harness.deliver("delivery-huge-comment", buildIssueCommentPayload({ body }), "issue_comment");
    expect(github.recorder.requests).toEqual([]);

    // A command at the top of a huge comment is still answered once.
    nock.cleanAll();
    const answered = await fakeCommandGitHub();
    await harness.deliver(
      "delivery-huge-comment-2",
      buildIssueCommentPayload({ body: `/quorum help\n${"x".repeat(1_000_000)}` }),
      "issue_comment",
    );
    expect(answered.replies).toHaveLength(1);
    expect(answered.replies[0]).toContain("Quorum commands");
  });
});
