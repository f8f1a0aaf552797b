import { describe, expect, it } from "vitest";
import {
  renderCheckRunOutput,
  renderInlineComment,
  renderMarkdownReport,
  renderReviewSummary,
} from "../../src/report/index.ts";
import { liveMention, makeFinding, makeReview } from "./make-review.ts";

const disputed = makeFinding({
  path: "src/auth.ts",
  line: 31,
  severity: "critical",
  message: "Token compared with == allows timing attacks",
  supporters: ["r1", "r2", "r3"],
  support: 3,
  voters: 5,
  agents: 5,
  objections: [
    { reviewer: "r4", reason: "hmac.Equal is used; @octocat says <b>fine</b>" },
    { reviewer: "r5", reason: "constant-time compare on line 30" },
  ],
  opposition: 2,
});

describe("disputed findings in the reports", () => {
  it("get their own summary section with the objecting agents' reasons, sanitised", () => {
    const body = renderReviewSummary(makeReview({ disputed: [disputed] }), {
      outsideDiff: [],
      inlineCount: 0,
    });
    expect(body).toContain("**Disputed (1)**");
    expect(body).toContain("not posted inline");
    expect(body).toContain("`src/auth.ts:31`");
    expect(body).toContain("_(3/5 agents, 2 disagree)_");
    expect(body).toContain("`r4` judged it correct: hmac.Equal is used");
    expect(body).toContain("`r5` judged it correct: constant-time compare on line 30");
    expect(body).not.toMatch(liveMention);
    expect(body).not.toContain("<b>");
    expect(body).toContain("No findings agreed by a quorum of 3 agents (1 disputed).");
  });

  it("appear in the local Markdown report and make the check neutral when serious", () => {
    expect(renderMarkdownReport(makeReview({ disputed: [disputed] }))).toContain("**Disputed (1)**");
    const output = renderCheckRunOutput(makeReview({ disputed: [disputed] }), { inlineCount: 0 });
    expect(output.conclusion).toBe("neutral");
    expect(output.summary).toContain("1 finding disputed");
  });

  it("leave reviews of older workers (no disputed field) unchanged", () => {
    const body = renderReviewSummary(makeReview(), { outsideDiff: [], inlineCount: 0 });
    expect(body).not.toContain("Disputed");
  });
});

describe("agreement on comments", () => {
  it("shows head count, objections and Quorum's score on an inline comment", () => {
    const body = renderInlineComment(
      makeFinding({
        agents: 3,
        score: 0.678,
        confidence: 0.9,
        objections: [{ reviewer: "r3", reason: "ok" }],
        opposition: 1,
      }),
    );
    expect(body).toContain("Quorum · 2/3 agents agree · 1 disagrees · confidence 0.68");
  });

  it("shows weights only when models weigh differently, and the verification outcome", () => {
    const weighted = makeFinding({
      agents: 3,
      weighted: true,
      support: 3,
      voters: 5,
      supporters: ["r1"],
      score: 0.5,
    });
    expect(renderInlineComment(weighted)).toContain("1/3 agents agree (weight 3/5) · confidence 0.50");
    const verified = makeFinding({ agents: 3, score: 0.9, verification: "confirmed" });
    expect(renderInlineComment(verified)).toContain("2/3 agents agree · confidence 0.90 · verified");
  });

  it("labels not-agreed findings k/N agents", () => {
    const lone = makeFinding({ supporters: ["r2"], support: 0.9, voters: 3, agents: 3 });
    const body = renderReviewSummary(makeReview({ notAgreed: [lone] }), { outsideDiff: [], inlineCount: 0 });
    expect(body).toContain("_(1/3 agents)_");
  });
});

describe("failed agents in the summary", () => {
  const failedAgents = [{ reviewer: "r3", chunkId: "c1", reason: "timeout after 120 s" }];

  it("says failures counted as abstentions under the default policy", () => {
    const body = renderReviewSummary(makeReview({ failedAgents, failedAgentPolicy: "abstain" }), {
      outsideDiff: [],
      inlineCount: 0,
    });
    expect(body).toContain("1 review sub-task failed; it counts as abstaining");
    expect(body).toContain("**Failed agents (1)** — counted as abstaining");
  });

  it("says failures were excluded from the vote when that was chosen", () => {
    const body = renderReviewSummary(makeReview({ failedAgents, failedAgentPolicy: "exclude" }), {
      outsideDiff: [],
      inlineCount: 0,
    });
    expect(body).toContain("1 review sub-task failed and was excluded from the vote");
    expect(body).toContain("**Failed agents (1)** — excluded from the vote");
  });
});
