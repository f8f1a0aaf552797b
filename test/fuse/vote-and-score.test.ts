import { describe, expect, it } from "vitest";
import { applyVerification, fuseReviews, scoreFinding, weighVote } from "../../src/fuse/index.ts";
import { makeFinding, okReport } from "./make-reports.ts";

describe("weighted vote", () => {
  it("counts a doubting agent for less: weight × min(1, 0.5 + confidence)", () => {
    expect(weighVote(1, 0.2)).toBeCloseTo(0.7);
    expect(weighVote(2, 0)).toBeCloseTo(1);
    expect(weighVote(2, 0.5)).toBe(2);
    expect(weighVote(2, 1)).toBe(2);
    expect(weighVote(1, 7)).toBe(1);
    expect(weighVote(-1, 1)).toBe(0);

    const vote = (confidence: number) =>
      fuseReviews(
        [
          okReport("r1", [makeFinding({ confidence: 0.9 })]),
          okReport("r2", [makeFinding({ confidence })]),
          okReport("r3", []),
        ],
        { quorum: 2 },
      );
    expect(vote(0.2).agreed).toEqual([]);
    expect(vote(0.2).notAgreed).toEqual([
      expect.objectContaining({ support: 1.7, supporters: ["r1", "r2"] }),
    ]);
    expect(vote(0.5).agreed).toEqual([expect.objectContaining({ support: 2 })]);
  });

  it("labels each finding with its head count out of the electorate and whether weights differ", () => {
    const review = fuseReviews([
      okReport("r1", [makeFinding()], { weight: 3 }),
      okReport("r2", []),
      okReport("r3", [makeFinding({ line: 50, message: "Unrelated nit", severity: "minor" })]),
    ]);
    expect(review.agreed).toEqual([
      expect.objectContaining({ agents: 3, weighted: true, support: 3, voters: 5 }),
    ]);
    expect(review.notAgreed).toEqual([expect.objectContaining({ agents: 3, supporters: ["r3"] })]);
  });

  it("stops a flooding agent from crowding out the agreed findings", () => {
    const flood = Array.from({ length: 40 }, (_, i) =>
      makeFinding({
        line: 100 + 7 * i,
        severity: "critical",
        message: `Made-up problem number ${i}`,
        confidence: 1,
      }),
    );
    const real = makeFinding({ line: 10, message: "Loop bound is off by one" });
    const review = fuseReviews([
      okReport("r1", [real]),
      okReport("r2", [real]),
      okReport("r3", [real]),
      okReport("r4", flood),
    ]);
    expect(review.agreed).toEqual([expect.objectContaining({ line: 10, supporters: ["r1", "r2", "r3"] })]);
    expect(review.notAgreed).toHaveLength(8);
  });
});

describe("flood dilution", () => {
  const spray = (reviewer: string) =>
    okReport(
      reviewer,
      Array.from({ length: 12 }, (_, i) => makeFinding({ line: 1 + 5 * i, message: `Sprayed claim ${i}` })),
    );

  it("stops a flooding agent from lifting one agent's stray finding to quorum", () => {
    const stray = makeFinding({ line: 16, message: "Sprayed claim 3" });
    const review = fuseReviews(
      [okReport("r1", [stray]), okReport("r2", []), okReport("r3", []), spray("r4")],
      {
        quorum: 2,
      },
    );
    expect(review.agreed).toEqual([]);
    // 12 findings against an allowance of 4: a third of its weight.
    expect(review.notAgreed.find((f) => f.line === 16)).toMatchObject({
      supporters: ["r1", "r4"],
      weighted: true,
    });
    expect(review.notAgreed.find((f) => f.line === 16)!.support).toBeCloseTo(4 / 3);
  });

  it("stops a flooding agent from blocking a majority by swelling the electorate", () => {
    const real = makeFinding({ line: 200, message: "Loop bound is off by one" });
    const reports = [
      okReport("r1", [real]),
      okReport("r2", [real]),
      okReport("r3", []),
      spray("r4"),
      spray("r5"),
    ];
    expect(fuseReviews(reports).agreed).toEqual([expect.objectContaining({ line: 200 })]);
    expect(fuseReviews(reports, { floodAllowance: Number.POSITIVE_INFINITY }).agreed).toEqual([]);
  });

  it("leaves agents alone that report as much as their peers", () => {
    const busy = Array.from({ length: 6 }, (_, i) =>
      makeFinding({ line: 10 * (i + 1), message: `Problem ${i}` }),
    );
    const review = fuseReviews([okReport("r1", busy), okReport("r2", busy), okReport("r3", busy)]);
    expect(review.agreed.map((f) => f.support)).toEqual([3, 3, 3, 3, 3, 3]);
  });
});

describe("confidence score", () => {
  const base = { voters: 3, opposition: 0, selfConfidence: 0.8, severityConsensus: 1 };

  it("rises with agreement and the agents' own confidence, and falls with objections", () => {
    const two = scoreFinding({ ...base, support: 2 });
    const three = scoreFinding({ ...base, support: 3 });
    expect(three).toBeGreaterThan(two);
    expect(scoreFinding({ ...base, support: 2, selfConfidence: 0.3 })).toBeLessThan(two);
    expect(scoreFinding({ ...base, support: 2, opposition: 1 })).toBeLessThan(two);
    expect(scoreFinding({ ...base, support: 2, severityConsensus: 0.5 })).toBeLessThan(two);
    expect(three).toBeLessThanOrEqual(1);
    expect(scoreFinding({ ...base, support: 0, voters: 0 })).toBeGreaterThanOrEqual(0);
  });

  it("moves with verification: confirmed above, refuted below the unverified score", () => {
    const unverified = scoreFinding({ ...base, support: 2 });
    expect(scoreFinding({ ...base, support: 2, verification: "confirmed" })).toBeGreaterThan(unverified);
    expect(scoreFinding({ ...base, support: 2, verification: "refuted" })).toBeLessThan(unverified);

    const fused = fuseReviews([
      okReport("r1", [makeFinding()]),
      okReport("r2", [makeFinding()]),
      okReport("r3", []),
    ]).agreed[0]!;
    const confirmed = applyVerification(fused, "confirmed");
    expect(confirmed.verification).toBe("confirmed");
    expect(confirmed.score!).toBeGreaterThan(fused.score!);
    expect(applyVerification(fused, "refuted").score!).toBeLessThan(fused.score!);
  });

  it("is set on every fused finding, higher for a unanimous finding than for a lone one", () => {
    const review = fuseReviews(
      [
        okReport("r1", [makeFinding(), makeFinding({ line: 60, message: "Lonely remark about caching" })]),
        okReport("r2", [makeFinding()]),
        okReport("r3", [makeFinding()]),
      ],
      { quorum: 1 },
    );
    const [unanimous, lone] = [
      review.agreed.find((f) => f.line === 10)!,
      review.agreed.find((f) => f.line === 60)!,
    ];
    expect(unanimous.score!).toBeGreaterThan(lone.score!);
  });
});
