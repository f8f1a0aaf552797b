import { describe, expect, it } from "vitest";
import type { AgentReport } from "../../src/domain/index.ts";
import { fuseReviews } from "../../src/fuse/index.ts";
import { failedReport, makeFinding, okReport, usage } from "./make-reports.ts";

describe("fuseReviews", () => {
  it("posts what a majority of three reports and keeps a lone finding as not agreed", () => {
    const review = fuseReviews([
      okReport("r1", [
        makeFinding({ line: 10 }),
        makeFinding({ line: 40, message: "Unused variable", severity: "minor" }),
      ]),
      okReport("r2", [makeFinding({ line: 11, confidence: 0.6 })]),
      okReport("r3", []),
    ]);

    expect(review.agreed).toHaveLength(1);
    expect(review.agreed[0]).toMatchObject({
      path: "src/a.ts",
      supporters: ["r1", "r2"],
      support: 2,
      voters: 3,
      severity: "major",
    });
    expect(review.agreed[0]!.confidence).toBeCloseTo(0.7);
    expect(review.notAgreed).toEqual([
      expect.objectContaining({
        line: 40,
        supporters: ["r1"],
        support: 1,
        voters: 3,
        message: "Unused variable",
      }),
    ]);
    expect(review.reviewers).toBe(3);
  });

  it("needs more than half: two of four is not a majority", () => {
    const review = fuseReviews([
      okReport("r1", [makeFinding()]),
      okReport("r2", [makeFinding()]),
      okReport("r3", []),
      okReport("r4", []),
    ]);
    expect(review.agreed).toEqual([]);
    expect(review.notAgreed).toHaveLength(1);
  });

  it("applies a numeric quorum and the 'all' quorum", () => {
    const reports = [okReport("r1", [makeFinding()]), okReport("r2", [makeFinding()]), okReport("r3", [])];
    expect(fuseReviews(reports, { quorum: 1 }).agreed).toHaveLength(1);
    expect(fuseReviews(reports, { quorum: 3 }).agreed).toHaveLength(0);
    expect(fuseReviews(reports, { quorum: "all" }).agreed).toHaveLength(0);
    const unanimous = [okReport("r1", [makeFinding()]), okReport("r2", [makeFinding()])];
    expect(fuseReviews(unanimous, { quorum: "all" }).agreed).toHaveLength(1);
  });

  it("lets a heavy model reach a majority alone when its weight exceeds half", () => {
    const review = fuseReviews([
      okReport("r1", [makeFinding()], { weight: 3 }),
      okReport("r2", [], { weight: 1 }),
      okReport("r3", [], { weight: 1 }),
    ]);
    expect(review.agreed).toEqual([expect.objectContaining({ supporters: ["r1"], support: 3, voters: 5 })]);

    const light = fuseReviews([
      okReport("r1", [makeFinding()], { weight: 0.5 }),
      okReport("r2", [makeFinding({ line: 30 })], { weight: 2 }),
      okReport("r3", [makeFinding({ line: 30 })], { weight: 1 }),
    ]);
    expect(light.agreed).toEqual([
      expect.objectContaining({ line: 30, supporters: ["r2", "r3"], support: 3 }),
    ]);
    expect(light.notAgreed).toEqual([expect.objectContaining({ line: 10, support: 0.5, voters: 3.5 })]);
  });

  it("clusters lines within the tolerance and keeps distant lines apart", () => {
    const near = fuseReviews([
      okReport("r1", [makeFinding({ line: 10 })]),
      okReport("r2", [makeFinding({ line: 13 })]),
      okReport("r3", []),
    ]);
    expect(near.agreed).toHaveLength(1);

    const far = fuseReviews([
      okReport("r1", [makeFinding({ line: 10 })]),
      okReport("r2", [makeFinding({ line: 14 })]),
      okReport("r3", []),
    ]);
    expect(far.agreed).toHaveLength(0);
    expect(far.notAgreed.map((f) => f.line)).toEqual([10, 14]);

    const wide = fuseReviews(
      [okReport("r1", [makeFinding({ line: 10 })]), okReport("r2", [makeFinding({ line: 14 })])],
      {
        lineTolerance: 5,
        quorum: 2,
      },
    );
    expect(wide.agreed).toHaveLength(1);
  });

  it("measures distance from the cluster's first line, so a chain of neighbours does not merge", () => {
    const review = fuseReviews(
      [
        okReport("r1", [makeFinding({ line: 10 })]),
        okReport("r2", [makeFinding({ line: 13 })]),
        okReport("r3", [makeFinding({ line: 16 })]),
      ],
      { quorum: 1 },
    );
    expect(review.agreed.map((f) => f.supporters)).toEqual([["r1", "r2"], ["r3"]]);
  });

  it("never clusters findings on different files", () => {
    const review = fuseReviews([
      okReport("r1", [makeFinding({ path: "src/a.ts" })]),
      okReport("r2", [makeFinding({ path: "src/b.ts" })]),
      okReport("r3", []),
    ]);
    expect(review.agreed).toEqual([]);
    expect(review.notAgreed.map((f) => f.path)).toEqual(["src/a.ts", "src/b.ts"]);
  });

  it("counts a reviewer once per cluster, using its most confident finding there", () => {
    const review = fuseReviews([
      okReport("r1", [
        makeFinding({ line: 10, confidence: 0.3, message: "Loop bound may be off by one" }),
        makeFinding({ line: 11, confidence: 0.9, message: "Off-by-one: the loop bound is wrong" }),
      ]),
      okReport("r2", []),
      okReport("r3", []),
    ]);
    expect(review.agreed).toEqual([]);
    expect(review.notAgreed).toEqual([
      expect.objectContaining({
        supporters: ["r1"],
        support: 1,
        line: 11,
        message: "Off-by-one: the loop bound is wrong",
        confidence: 0.9,
      }),
    ]);
  });

  it("counts failed reviewers as abstaining by default, so a failure cannot make agreement easier", () => {
    const reports = [
      okReport("r1", [makeFinding()]),
      okReport("r2", [makeFinding()]),
      failedReport("r3", "timeout after 120000 ms"),
      failedReport("r4", "unparsable output"),
    ];
    const review = fuseReviews(reports);
    expect(review.failedAgentPolicy).toBe("abstain");
    expect(review.agreed).toEqual([]);
    expect(review.notAgreed).toEqual([expect.objectContaining({ support: 2, voters: 4, agents: 4 })]);

    // A lone survivor is 1 of 3, not a majority of itself.
    const lone = fuseReviews([
      okReport("r1", [makeFinding()]),
      failedReport("r2", "timeout"),
      failedReport("r3", "timeout"),
    ]);
    expect(lone.agreed).toEqual([]);
  });

  it("gives a lost sub-task without a known weight the default weight 1 as an abstainer", () => {
    const lost: AgentReport = {
      status: "failed",
      agent: { reviewer: "r3", model: "unknown", weight: 0 },
      chunkId: "c1",
      reason: "the review task failed after its retries",
      usage,
    };
    const review = fuseReviews([okReport("r1", [makeFinding()]), okReport("r2", []), lost]);
    expect(review.notAgreed).toEqual([expect.objectContaining({ voters: 3, agents: 3 })]);
  });

  it("excludes failed reviewers from the denominator only when told to, and lists them with their reasons", () => {
    const review = fuseReviews(
      [
        okReport("r1", [makeFinding()]),
        okReport("r2", [makeFinding()]),
        failedReport("r3", "timeout after 120000 ms"),
        failedReport("r4", "unparsable output"),
      ],
      { failedAgents: "exclude" },
    );
    expect(review.failedAgentPolicy).toBe("exclude");
    // 2 of 4 would not be a majority; 2 of the 2 agents that answered is.
    expect(review.agreed).toEqual([expect.objectContaining({ support: 2, voters: 2, agents: 2 })]);
    expect(review.failedAgents).toEqual([
      { reviewer: "r3", chunkId: "c1", reason: "timeout after 120000 ms" },
      { reviewer: "r4", chunkId: "c1", reason: "unparsable output" },
    ]);
    expect(review.reviewers).toBe(4);
  });

  it("does not list a failure that a later successful report for the same chunk replaced", () => {
    const review = fuseReviews([
      failedReport("r1", "timeout"),
      okReport("r1", [makeFinding()]),
      okReport("r2", [makeFinding()]),
    ]);
    expect(review.failedAgents).toEqual([]);
    expect(review.agreed).toEqual([expect.objectContaining({ supporters: ["r1", "r2"], voters: 2 })]);
  });

  it("votes per chunk: a reviewer that failed one chunk still votes on the others", () => {
    const review = fuseReviews([
      okReport("r1", [makeFinding({ path: "a.ts" })], { chunkId: "c1" }),
      okReport("r2", [makeFinding({ path: "a.ts" })], { chunkId: "c1" }),
      okReport("r3", [], { chunkId: "c1" }),
      okReport("r1", [makeFinding({ path: "b.ts" })], { chunkId: "c2" }),
      okReport("r2", [], { chunkId: "c2" }),
      failedReport("r3", "timeout", "c2"),
    ]);
    expect(review.agreed).toEqual([expect.objectContaining({ path: "a.ts", voters: 3 })]);
    // r3 failed c2 and abstains there: 1 of 3.
    expect(review.notAgreed).toEqual([
      expect.objectContaining({ path: "b.ts", voters: 3, supporters: ["r1"] }),
    ]);
    expect(review.failedAgents).toEqual([{ reviewer: "r3", chunkId: "c2", reason: "timeout" }]);
  });

  it("caps a flooding agent's findings per chunk, keeping its most severe ones", () => {
    const flood = Array.from({ length: 30 }, (_, i) =>
      makeFinding({ line: 100 + i * 10, severity: "minor", message: `nit ${i}`, confidence: 0.5 }),
    );
    const review = fuseReviews([
      okReport("r1", [
        ...flood,
        makeFinding({ line: 5000, severity: "critical", message: "SQL injection", confidence: 0.2 }),
      ]),
      okReport("r2", []),
      okReport("r3", []),
    ]);
    expect(review.notAgreed).toHaveLength(8);
    expect(review.notAgreed[0]).toMatchObject({ severity: "critical", message: "SQL injection" });
    expect(fuseReviews([okReport("r1", flood)], { maxFindingsPerAgent: 3 }).agreed).toHaveLength(3);
  });

  it("keeps agreed findings below minSeverity out of agreed but shows them as not agreed", () => {
    const info = makeFinding({ severity: "info", message: "Consider a comment" });
    const review = fuseReviews([okReport("r1", [info]), okReport("r2", [info]), okReport("r3", [info])]);
    expect(review.agreed).toEqual([]);
    expect(review.notAgreed).toEqual([expect.objectContaining({ severity: "info", support: 3 })]);
    expect(fuseReviews([okReport("r1", [info])], { minSeverity: "info" }).agreed).toHaveLength(1);
  });

  it("reduces a cluster to the most common line, the highest severity, the most common category and the best message", () => {
    const review = fuseReviews([
      okReport("r1", [
        makeFinding({
          line: 12,
          severity: "minor",
          category: "style",
          message: "Loop  runs one past the END",
          confidence: 0.5,
        }),
      ]),
      okReport("r2", [
        makeFinding({
          line: 12,
          severity: "critical",
          category: "bug",
          message: "Loop runs one past the end",
          confidence: 0.9,
        }),
      ]),
      okReport("r3", [
        makeFinding({
          line: 10,
          severity: "major",
          category: "bug",
          message: "Loop index can run past the end of the array",
          confidence: 0.7,
        }),
      ]),
      okReport("r4", [
        makeFinding({
          line: 10,
          severity: "major",
          category: "bug",
          message: "The loop reads one element past the end",
          confidence: 0.6,
        }),
      ]),
      okReport("r5", [
        makeFinding({
          line: 11,
          severity: "minor",
          category: "bug",
          message: "Loop overruns the end by one",
          confidence: 0.4,
        }),
      ]),
    ]);
    expect(review.agreed).toHaveLength(1);
    const fused = review.agreed[0]!;
    expect(fused.line).toBe(10); // 10 and 12 tie twice each: the lower wins
    expect(fused.severity).toBe("critical");
    expect(fused.category).toBe("bug");
    expect(fused.message).toBe(
      "Loop runs one past the end\n\nAlso: Loop index can run past the end of the array\n\nAlso: The loop reads one element past the end",
    );
    expect(fused.confidence).toBeCloseTo((0.5 + 0.9 + 0.7 + 0.6 + 0.4) / 5);
    expect(fused.supporters).toEqual(["r1", "r2", "r3", "r4", "r5"]);
    // r5's confidence 0.4 counts 0.9 of its weight.
    expect(fused.support).toBeCloseTo(4.9);
  });

  it("sorts findings by severity, then file, then line", () => {
    const review = fuseReviews(
      [
        okReport("r1", [
          makeFinding({ path: "b.ts", line: 1, severity: "minor" }),
          makeFinding({ path: "a.ts", line: 50, severity: "minor" }),
          makeFinding({ path: "z.ts", line: 9, severity: "critical" }),
          makeFinding({ path: "a.ts", line: 5, severity: "minor" }),
        ]),
      ],
      { quorum: 1 },
    );
    expect(review.agreed.map((f) => `${f.severity} ${f.path}:${f.line}`)).toEqual([
      "critical z.ts:9",
      "minor a.ts:5",
      "minor a.ts:50",
      "minor b.ts:1",
    ]);
  });

  it("orders reviewer ids numerically", () => {
    const reports = Array.from({ length: 11 }, (_, i) => okReport(`r${i + 1}`, [makeFinding()]));
    expect(fuseReviews(reports).agreed[0]!.supporters.slice(0, 3)).toEqual(["r1", "r2", "r3"]);
    expect(fuseReviews(reports).agreed[0]!.supporters.at(-1)).toBe("r11");
  });

  it("gives the same result whatever order the reports and findings arrive in", () => {
    const reports: AgentReport[] = [
      okReport("r1", [
        makeFinding({ line: 10, message: "A" }),
        makeFinding({ line: 30, message: "B", severity: "minor" }),
      ]),
      okReport("r2", [
        makeFinding({ line: 31, message: "B2", confidence: 0.6 }),
        makeFinding({ line: 12, message: "A2" }),
      ]),
      okReport("r3", [makeFinding({ line: 11, message: "A3", confidence: 0.95 })]),
      failedReport("r1", "timeout", "c2"),
      okReport("r2", [makeFinding({ path: "b.ts", line: 3 })], { chunkId: "c2" }),
    ];
    const expected = fuseReviews(reports);
    const shuffled = [reports[4]!, reports[2]!, reports[0]!, reports[3]!, reports[1]!].map((report) =>
      report.status === "ok" ? { ...report, findings: [...report.findings].reverse() } : report,
    );
    expect(fuseReviews(shuffled)).toEqual(expected);
  });

  it("adds up the usage of every report, failed ones included, and passes skipped files through", () => {
    const review = fuseReviews([okReport("r1", []), failedReport("r2", "timeout")], {
      skippedFiles: [{ path: "yarn.lock", reason: "ignored" }],
    });
    expect(review.usage).toEqual({
      promptTokens: 200,
      reusedPromptTokens: 80,
      generatedTokens: 40,
      durationMs: 2000,
    });
    expect(review.skippedFiles).toEqual([{ path: "yarn.lock", reason: "ignored" }]);
  });

  it("fuses no reports into an empty review", () => {
    expect(fuseReviews([])).toEqual({
      agreed: [],
      notAgreed: [],
      disputed: [],
      failedAgentPolicy: "abstain",
      skippedFiles: [],
      failedAgents: [],
      reviewers: 0,
      usage: { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0, durationMs: 0 },
    });
  });
});
