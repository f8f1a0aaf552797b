import { describe, expect, it } from "vitest";
import { renderCheckRunOutput } from "../../src/report/index.ts";
import { makeFinding, liveMention, makeReview } from "./make-review.ts";

describe("renderCheckRunOutput", () => {
  it("is neutral when an agreed finding is major or critical", () => {
    const output = renderCheckRunOutput(
      makeReview({ agreed: [makeFinding({ severity: "critical" }), makeFinding({ severity: "minor" })] }),
      { inlineCount: 2 },
    );
    expect(output.conclusion).toBe("neutral");
    expect(output.title).toBe("2 agreed findings (1 critical, 1 minor)");
    expect(output.summary).toContain("2 findings agreed by ≥2 of 3 agents.");
    expect(output.summary).toContain("2 inline comments on the pull request.");
  });

  it("succeeds with only minor findings, with only not-agreed ones, or with nothing to review", () => {
    expect(
      renderCheckRunOutput(makeReview({ agreed: [makeFinding({ severity: "minor" })] }), { inlineCount: 1 })
        .conclusion,
    ).toBe("success");
    const quiet = renderCheckRunOutput(makeReview({ notAgreed: [makeFinding({ severity: "critical" })] }), {
      inlineCount: 0,
    });
    expect(quiet.conclusion).toBe("success");
    expect(quiet.title).toBe("No agreed findings");
    expect(quiet.summary).toContain("1 finding not agreed");
    const empty = renderCheckRunOutput(
      makeReview({ reviewers: 0, skippedFiles: [{ path: "a.png", reason: "binary" }] }),
      {
        inlineCount: 0,
      },
    );
    expect(empty).toMatchObject({ title: "Nothing to review", conclusion: "success" });
    expect(empty.summary).toContain("1 file skipped");
  });

  it("is neutral, not green, when part of the change could not be reviewed", () => {
    const failedAgents = ["r1", "r2", "r3"].map((reviewer) => ({
      reviewer,
      chunkId: "c1",
      reason: "timeout",
    }));
    const output = renderCheckRunOutput(makeReview({ failedAgents }), { inlineCount: 0 });
    expect(output.conclusion).toBe("neutral");
    expect(output.title).toBe("No agreed findings · 1 chunk not reviewed");
  });

  it("never concludes failure, however severe the findings", () => {
    const agreed = Array.from({ length: 20 }, (_, i) => makeFinding({ line: i, severity: "critical" }));
    expect(renderCheckRunOutput(makeReview({ agreed }), { inlineCount: 20 }).conclusion).not.toBe("failure");
  });

  it("marks a demo run in the title and summary", () => {
    const output = renderCheckRunOutput(makeReview({ agreed: [makeFinding()] }), {
      inlineCount: 1,
      demo: true,
    });
    expect(output.title.startsWith("[demo] ")).toBe(true);
    expect(output.summary).toContain("not real advice");
    expect(output.summary).not.toMatch(liveMention);
  });
});
