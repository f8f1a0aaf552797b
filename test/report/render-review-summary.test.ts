import { describe, expect, it } from "vitest";
import { renderReviewSummary } from "../../src/report/index.ts";
import { makeFinding, liveMention, makeReview } from "./make-review.ts";

describe("renderReviewSummary", () => {
  const agreed = [
    makeFinding({ severity: "critical", line: 3 }),
    makeFinding({ path: "src/b.ts", line: 40, supporters: ["r1", "r2", "r3"], support: 3 }),
    makeFinding({ path: "README.md", line: 7, severity: "minor", message: "Outdated instructions" }),
  ];

  it("opens with a verdict counting agreed findings and the agents behind them", () => {
    const body = renderReviewSummary(makeReview({ agreed }), { outsideDiff: [agreed[2]!], inlineCount: 2 });
    expect(body).toContain("3 findings agreed by ≥2 of 3 agents.");
    expect(body).toContain("2 posted inline, 1 outside the diff");
  });

  it("lists agreed findings that could not go inline with their path and line", () => {
    const body = renderReviewSummary(makeReview({ agreed }), { outsideDiff: [agreed[2]!], inlineCount: 2 });
    expect(body).toContain("`README.md:7`");
    expect(body).toContain("Outdated instructions");
    expect(body).toContain("2/3 agents agree");
  });

  it("says when agreed findings are neither inline nor listed because they were posted before", () => {
    const body = renderReviewSummary(makeReview({ agreed }), { outsideDiff: [], inlineCount: 1 });
    expect(body).toContain("2 already posted before");
  });

  it("collapses not-agreed findings into a details section with k/N labels", () => {
    const body = renderReviewSummary(
      makeReview({ notAgreed: [makeFinding({ supporters: ["r3"], support: 1, message: "Maybe a race" })] }),
      { outsideDiff: [], inlineCount: 0 },
    );
    expect(body).toMatch(
      /<details>\n<summary>Not agreed \(1\)<\/summary>\n\n[\s\S]*Maybe a race[\s\S]*<\/details>/,
    );
    expect(body).toContain("(1/3 agents)");
    expect(body).toContain(
      "No findings agreed by a quorum of 3 agents (1 finding raised without agreement).",
    );
  });

  it("lists skipped files with their reasons", () => {
    const body = renderReviewSummary(
      makeReview({
        skippedFiles: [
          { path: "yarn.lock", reason: "ignored", detail: "matches ignore pattern `*.lock`" },
          { path: "src/big.ts", reason: "clipped", detail: "reviewed first 120 of 900 diff lines" },
        ],
      }),
      { outsideDiff: [], inlineCount: 0 },
    );
    expect(body).toContain("Skipped files (2)");
    expect(body).toContain("`yarn.lock` — ignored: matches ignore pattern `*.lock`");
    expect(body).toContain("`src/big.ts` — clipped: reviewed first 120 of 900 diff lines");
  });

  it("says that failed agents were excluded from the vote, and which ones", () => {
    const body = renderReviewSummary(
      makeReview({
        agreed,
        failedAgents: [{ reviewer: "r3", chunkId: "c1", reason: "timeout after 120 s" }],
      }),
      { outsideDiff: [], inlineCount: 3 },
    );
    expect(body).toContain("1 review sub-task failed and was excluded from the vote");
    expect(body).toContain("`r3` on chunk `c1`: timeout after 120 s");
    expect(body).not.toContain("not reviewed");
  });

  it("warns when every agent failed on a chunk, since that part was not reviewed", () => {
    const failedAgents = ["r1", "r2", "r3"].map((reviewer) => ({
      reviewer,
      chunkId: "c2",
      reason: "timeout",
    }));
    const body = renderReviewSummary(makeReview({ failedAgents }), { outsideDiff: [], inlineCount: 0 });
    expect(body).toContain("Every agent failed on 1 chunk (`c2`): part of this change was not reviewed.");
  });

  it("reports the run's cost in tokens, time and agents", () => {
    const body = renderReviewSummary(makeReview(), { outsideDiff: [], inlineCount: 0 });
    expect(body).toContain(
      "3 agents · 12,345 prompt tokens (4,000 reused from cache) · 800 generated · 42.1 s agent time",
    );
  });

  it("warns visibly on a demo run and only then", () => {
    const demo = renderReviewSummary(makeReview({ agreed }), { outsideDiff: [], inlineCount: 3, demo: true });
    expect(demo).toContain("[!WARNING]");
    expect(demo).toContain("not real advice");
    expect(demo.indexOf("not real advice")).toBeLessThan(demo.indexOf("findings agreed"));
    expect(renderReviewSummary(makeReview({ agreed }), { outsideDiff: [], inlineCount: 3 })).not.toContain(
      "WARNING",
    );
  });

  it("names the reviewed commit when given", () => {
    const body = renderReviewSummary(makeReview(), {
      outsideDiff: [],
      inlineCount: 0,
      headSha: "0123456789abcdef0123",
    });
    expect(body).toContain("`0123456789ab`");
  });

  it("says nothing was reviewed when every file was skipped", () => {
    const body = renderReviewSummary(
      makeReview({
        reviewers: 0,
        skippedFiles: [
          { path: "a.png", reason: "binary" },
          { path: "b.lock", reason: "ignored" },
        ],
      }),
      { outsideDiff: [], inlineCount: 0 },
    );
    expect(body).toContain("Nothing to review: all 2 changed files were skipped.");
  });

  it("lets no mention through from messages, reasons or details", () => {
    const mentioning = "ping @maintainer and @acme/security";
    const body = renderReviewSummary(
      makeReview({
        agreed: [makeFinding({ message: mentioning })],
        notAgreed: [makeFinding({ message: mentioning })],
        skippedFiles: [{ path: "x.bin", reason: "binary", detail: mentioning }],
        failedAgents: [{ reviewer: "r1", chunkId: "c1", reason: mentioning }],
      }),
      { outsideDiff: [makeFinding({ message: mentioning })], inlineCount: 0 },
    );
    expect(body).not.toMatch(liveMention);
    expect(body).toContain("maintainer");
  });

  it("keeps a multi-line message inside its list item", () => {
    const body = renderReviewSummary(makeReview({ agreed: [makeFinding()] }), {
      outsideDiff: [makeFinding({ message: "First\n\nAlso: second" })],
      inlineCount: 0,
    });
    expect(body).toContain("First\n  \n  Also: second");
  });

  it("caps long lists so the body stays within GitHub's size limit", () => {
    const many = Array.from({ length: 400 }, (_, i) =>
      makeFinding({ line: i + 1, message: "x".repeat(300) }),
    );
    const body = renderReviewSummary(makeReview({ notAgreed: many }), { outsideDiff: [], inlineCount: 0 });
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain("…and 350 more");
  });
});
