import { describe, expect, it } from "vitest";
import { fuseReviews } from "../../src/fuse/index.ts";
import { clearance, makeFinding, okReport } from "./make-reports.ts";

const flagged = makeFinding({ line: 10, message: "Possible null dereference of user" });

describe("contradictions", () => {
  it("disputes an agreed finding when agents with comparable weight judge the place correct", () => {
    const review = fuseReviews(
      [
        okReport("r1", [flagged]),
        okReport("r2", [flagged]),
        okReport("r3", [], { clearances: [clearance({ line: 10, reason: "user is checked on line 8" })] }),
        okReport("r4", [], {
          clearances: [clearance({ line: 11, reason: "the guard above returns early" })],
        }),
      ],
      { quorum: 2 },
    );
    expect(review.agreed).toEqual([]);
    expect(review.disputed).toEqual([
      expect.objectContaining({
        supporters: ["r1", "r2"],
        opposition: 2,
        objections: [
          { reviewer: "r3", reason: "user is checked on line 8" },
          { reviewer: "r4", reason: "the guard above returns early" },
        ],
      }),
    ]);
  });

  it("keeps 3 for and 2 against agreed, with the objections on it", () => {
    const review = fuseReviews([
      okReport("r1", [flagged]),
      okReport("r2", [flagged]),
      okReport("r3", [flagged]),
      okReport("r4", [], { clearances: [clearance()] }),
      okReport("r5", [], { clearances: [clearance()] }),
    ]);
    expect(review.disputed).toEqual([]);
    expect(review.agreed).toEqual([
      expect.objectContaining({ opposition: 2, supporters: ["r1", "r2", "r3"] }),
    ]);
  });

  it("keeps a finding agreed when the objection is weaker, and records it", () => {
    const review = fuseReviews([
      okReport("r1", [flagged]),
      okReport("r2", [flagged]),
      okReport("r3", [], { clearances: [clearance({ line: 10, reason: "user cannot be null here" })] }),
    ]);
    expect(review.disputed).toEqual([]);
    expect(review.agreed).toEqual([
      expect.objectContaining({
        objections: [{ reviewer: "r3", reason: "user cannot be null here" }],
        opposition: 1,
      }),
    ]);
    const unopposed = fuseReviews([okReport("r1", [flagged]), okReport("r2", [flagged]), okReport("r3", [])]);
    expect(review.agreed[0]!.score!).toBeLessThan(unopposed.agreed[0]!.score!);
  });

  it("lets a heavy model's judgement dispute two light models' finding", () => {
    const review = fuseReviews(
      [
        okReport("r1", [flagged]),
        okReport("r2", [flagged]),
        okReport("r3", [], { weight: 3, clearances: [clearance()] }),
      ],
      { quorum: 2 },
    );
    expect(review.agreed).toEqual([]);
    expect(review.disputed).toEqual([expect.objectContaining({ opposition: 3, support: 2 })]);
  });

  it("counts a clearance a few lines away only when its reason is about the same thing", () => {
    const near = (reason: string) =>
      fuseReviews([
        okReport("r1", [flagged]),
        okReport("r2", [flagged]),
        okReport("r3", [], { clearances: [clearance({ line: 13, reason })] }),
      ]).agreed[0]?.objections;
    expect(near("user is checked for null before this")).toEqual([
      { reviewer: "r3", reason: "user is checked for null before this" },
    ]);
    expect(near("the timeout constant is in milliseconds as documented")).toEqual([]);
  });

  it("ignores clearances in other files, far away, or from an agent that flagged the place itself", () => {
    const review = fuseReviews([
      okReport("r1", [flagged], { clearances: [clearance({ line: 11 })] }),
      okReport("r2", [flagged], { clearances: [clearance({ path: "src/b.ts" })] }),
      okReport("r3", [], { clearances: [clearance({ line: 40, reason: "user is never null" })] }),
    ]);
    expect(review.agreed).toEqual([expect.objectContaining({ objections: [], opposition: 0 })]);
  });

  it("does not let one agent clearing every line dispute what two others agree on", () => {
    const clearEverything = Array.from({ length: 40 }, (_, i) => clearance({ line: i + 5, reason: "fine" }));
    const review = fuseReviews([
      okReport("r1", [flagged]),
      okReport("r2", [flagged]),
      okReport("r3", [], { clearances: clearEverything }),
    ]);
    expect(review.disputed).toEqual([]);
    expect(review.agreed).toEqual([
      expect.objectContaining({ objections: [{ reviewer: "r3", reason: "fine" }] }),
    ]);
  });
});
