import { describe, expect, it } from "vitest";
import { buildPullRequestPayload, fixtureRepo } from "../helpers/pull-request-fixture.ts";
import { useScriptedReviewHarness } from "../helpers/use-scripted-review-harness.ts";

/**
 * The same pipeline with scripted agents, so what they say is known: this is where inline
 * placement, the quorum and config errors are checked exactly. The real-model run is in
 * review-pull-request.test.ts.
 */
const findings = {
  findings: [
    // An added line of src/cart.js: the off-by-one loop.
    {
      path: "src/cart.js",
      line: 5,
      message: "The loop runs one past the end: items[items.length] is undefined.",
      category: "bug",
      severity: "major",
      confidence: 0.9,
    },
    // Line 40 is not in the diff: it must go to the summary, never into a 422.
    {
      path: "src/cart.js",
      line: 40,
      message: "Totals are not rounded to cents.",
      category: "bug",
      severity: "minor",
      confidence: 0.6,
    },
  ],
};

describe("review placement with scripted agents (real Redis, faked GitHub)", () => {
  /** While set, the dissenting reviewer waits for it: the progress test holds one sub-task open. */
  let holdDissenter: Promise<void> | undefined;

  // Reviewer r3 (the third call per chunk) disagrees with the others: its finding is not agreed.
  const suite = useScriptedReviewHarness(async (request) => {
    const dissenter = request.temperature !== undefined && request.temperature > 0.45;
    if (dissenter && holdDissenter) await holdDissenter;
    return JSON.stringify(
      dissenter
        ? {
            findings: [
              {
                path: "src/discount.js",
                line: 2,
                message: "Blank line.",
                category: "style",
                severity: "minor",
                confidence: 0.3,
              },
            ],
          }
        : findings,
    );
  });

  it("puts agreed findings on diff lines inline, the rest in the summary, and never approves", async () => {
    const { harness } = suite;
    const headSha = "c".repeat(40);
    const github = await harness.fakeGitHubForRun();
    github.expectReview();

    await harness.deliver("delivery-placement", buildPullRequestPayload({ headSha }));
    expect(await harness.waitForRun(headSha)).toBe("completed");

    expect(github.reviews).toHaveLength(1);
    const review = github.reviews[0]!;
    expect(review.event).toBe("COMMENT");
    expect(review.comments?.map((c) => [c.path, c.line, c.side])).toEqual([["src/cart.js", 5, "RIGHT"]]);
    expect(review.comments?.[0]?.body).toContain("one past the end");
    expect(review.comments?.[0]?.body).toMatch(/2\/3 agents/);
    expect(review.body).toContain("src/cart.js:40");
    expect(review.body).toContain("Totals are not rounded");
    // Below-quorum findings are shown collapsed, with how many agents raised them.
    expect(review.body).toMatch(
      /<details>\s*<summary>Not agreed[\s\S]*Blank line\.[\s\S]*1\/3 agents[\s\S]*<\/details>/,
    );

    const completed = github.checkRunUpdates.at(-1);
    expect(completed).toMatchObject({ status: "completed", conclusion: "neutral" });
    github.recorder.assertNoViolations();
    expect(github.api.pendingMocks()).toEqual([]);
  });

  it("names a bad field of .github/quorum.yml in the check run and review with the defaults", async () => {
    const { harness } = suite;
    const headSha = "d".repeat(40);
    // A new pull request as far as Quorum's memory goes: the first test posted the same finding.
    await harness.queues.memory.forget({ ...fixtureRepo, pullNumber: 2 });
    const github = await harness.fakeGitHubForRun({
      configYaml: "review:\n  reviewers: many\n  quorum: 2\n",
    });
    github.expectReview();

    await harness.deliver("delivery-bad-config", buildPullRequestPayload({ headSha }));
    expect(await harness.waitForRun(headSha)).toBe("completed");

    const planning = github.checkRunUpdates[0];
    const summary = (planning?.output as { summary: string } | undefined)?.summary ?? "";
    expect(summary).toContain("review.reviewers");
    // The default of 3 reviewers applied, and the valid `quorum: 2` was kept: 2 of 3 agree.
    expect(summary).toMatch(/3 review task/);
    expect(github.reviews[0]?.comments).toHaveLength(1);
    expect(github.reviews[0]?.body).toContain("review.reviewers");
    github.recorder.assertNoViolations();
  });

  it("moves the check run as sub-tasks finish, with the run's DAG", async () => {
    const { harness } = suite;
    const headSha = "e".repeat(40);
    const github = await harness.fakeGitHubForRun();
    github.expectReview();
    let release = (): void => undefined;
    holdDissenter = new Promise((resolve) => (release = resolve));
    const title = (u: Record<string, unknown>) => (u.output as { title?: string } | undefined)?.title ?? "";
    try {
      await harness.deliver("delivery-progress", buildPullRequestPayload({ headSha }));
      // Two of three reviewers have answered and the third is held: the check run must say so.
      const deadline = Date.now() + 60_000;
      while (!github.checkRunUpdates.some((u) => title(u).includes("2/3")) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      release();
      holdDissenter = undefined;
    }
    expect(await harness.waitForRun(headSha)).toBe("completed");
    const titles = github.checkRunUpdates.map((u) => (u.output as { title: string }).title);
    expect(titles).toContain("Reviewing: 2/3 sub-tasks done");
    const progress = github.checkRunUpdates.find((u) =>
      (u.output as { title: string }).title.includes("2/3"),
    );
    expect((progress?.output as { text: string }).text).toMatch(/```mermaid[\s\S]*:::done[\s\S]*:::active/);
    // The final update is the completion, never a late progress message.
    expect(github.checkRunUpdates.at(-1)).toMatchObject({ status: "completed" });
    github.recorder.assertNoViolations();
  });
});
