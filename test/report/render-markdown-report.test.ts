import { describe, expect, it } from "vitest";
import { renderMarkdownReport } from "../../src/report/index.ts";
import { makeFinding, liveMention, makeReview } from "./make-review.ts";

describe("renderMarkdownReport", () => {
  const agreed = [
    makeFinding({ path: "src/b.ts", line: 5, severity: "critical", message: "SQL injection" }),
    makeFinding({ path: "src/a.ts", line: 30, severity: "major", message: "Null dereference" }),
    makeFinding({ path: "src/b.ts", line: 2, severity: "minor", message: "Shadowed variable" }),
  ];

  it("lists every agreed finding grouped by file, the worst file first and lines in order", () => {
    const report = renderMarkdownReport(makeReview({ agreed }));
    expect(report).toContain("## `src/b.ts` (2 findings)");
    expect(report).toContain("## `src/a.ts` (1 finding)");
    expect(report.indexOf("`src/b.ts`")).toBeLessThan(report.indexOf("`src/a.ts`"));
    expect(report.indexOf("Shadowed variable")).toBeLessThan(report.indexOf("SQL injection"));
    expect(report).toContain("line 5 — SQL injection");
    expect(report).toContain("3 findings agreed by ≥2 of 3 agents.");
  });

  it("includes the not-agreed, skipped, failed and cost sections", () => {
    const report = renderMarkdownReport(
      makeReview({
        agreed,
        notAgreed: [makeFinding({ message: "Lonely", supporters: ["r2"], support: 1 })],
        skippedFiles: [{ path: "logo.png", reason: "binary" }],
        failedAgents: [{ reviewer: "r2", chunkId: "c1", reason: "timeout" }],
      }),
    );
    expect(report).toContain("Not agreed (1)");
    expect(report).toContain("Lonely");
    expect(report).toContain("`logo.png` — binary");
    expect(report).toContain("`r2` on chunk `c1`: timeout");
    expect(report).toContain("Cost: 3 agents");
  });

  it("warns on a demo run and keeps mentions harmless", () => {
    const report = renderMarkdownReport(makeReview({ agreed: [makeFinding({ message: "cc @someone" })] }), {
      demo: true,
    });
    expect(report).toContain("not real advice");
    expect(report).not.toMatch(liveMention);
  });
});
