import { describe, expect, it } from "vitest";
import { fuseReviews } from "../../src/fuse/index.ts";
import { makeFinding, okReport } from "./make-reports.ts";

describe("clustering by place and problem", () => {
  it("merges paraphrases of one problem on nearby lines", () => {
    const review = fuseReviews([
      okReport("r1", [makeFinding({ line: 10, message: "Possible null dereference of user" })]),
      okReport("r2", [makeFinding({ line: 12, message: "user may be undefined here and is dereferenced" })]),
      okReport("r3", [makeFinding({ line: 11, message: "Missing null check before using user" })]),
    ]);
    expect(review.agreed).toHaveLength(1);
    expect(review.agreed[0]!.supporters).toEqual(["r1", "r2", "r3"]);
  });

  it("keeps two different problems on the same line apart", () => {
    const review = fuseReviews(
      [
        okReport("r1", [
          makeFinding({
            line: 20,
            category: "security",
            message: "SQL query built by string concatenation allows injection",
          }),
        ]),
        okReport("r2", [
          makeFinding({
            line: 20,
            category: "error-handling",
            message: "Connection is never closed, leaking it",
          }),
        ]),
        okReport("r3", [
          makeFinding({
            line: 20,
            category: "security",
            message: "Injection: userId is concatenated into SQL",
          }),
        ]),
      ],
      { quorum: 2 },
    );
    expect(review.agreed.map((f) => [f.category, f.supporters])).toEqual([["security", ["r1", "r3"]]]);
    expect(review.notAgreed.map((f) => [f.category, f.supporters])).toEqual([["error-handling", ["r2"]]]);
  });

  it("keeps one agent's two different findings at one place as two votes in two clusters", () => {
    const review = fuseReviews(
      [
        okReport("r1", [
          makeFinding({ line: 5, category: "security", message: "Hard-coded password in source" }),
          makeFinding({ line: 6, category: "performance", message: "Regex compiled inside the loop" }),
        ]),
        okReport("r2", [makeFinding({ line: 5, category: "security", message: "Password is hard-coded" })]),
        okReport("r3", [
          makeFinding({
            line: 6,
            category: "performance",
            message: "Compiling the regex in the loop is slow",
          }),
        ]),
      ],
      { quorum: 2 },
    );
    expect(review.agreed.map((f) => `${f.category}:${f.supporters.join("+")}`).sort()).toEqual([
      "performance:r1+r3",
      "security:r1+r2",
    ]);
  });

  it("collapses one agent's exact and near duplicates into one vote", () => {
    const review = fuseReviews(
      [
        okReport("r1", [
          makeFinding({ line: 30, message: "Division by zero when count is 0", confidence: 0.6 }),
          makeFinding({ line: 30, message: "Division by zero when count is 0", confidence: 0.6 }),
          makeFinding({ line: 31, message: "division by zero if count is zero", confidence: 0.9 }),
        ]),
        okReport("r2", []),
        okReport("r3", []),
      ],
      { quorum: 1 },
    );
    expect(review.agreed).toEqual([
      expect.objectContaining({ supporters: ["r1"], support: 1, line: 31, confidence: 0.9 }),
    ]);
  });

  it("merges the same category on the very same line even when the wording shares nothing", () => {
    const review = fuseReviews([
      okReport("r1", [makeFinding({ line: 8, message: "i <= n should be i < n" })]),
      okReport("r2", [makeFinding({ line: 8, message: "Loop reads past the end of the array" })]),
      okReport("r3", []),
    ]);
    expect(review.agreed).toEqual([expect.objectContaining({ supporters: ["r1", "r2"] })]);
  });

  it("needs textual evidence for different categories a line apart", () => {
    const review = fuseReviews([
      okReport("r1", [
        makeFinding({ line: 8, category: "bug", message: "Loop reads past the end of the array" }),
      ]),
      okReport("r2", [
        makeFinding({ line: 9, category: "performance", message: "Quadratic search inside the loop" }),
      ]),
      okReport("r3", []),
    ]);
    expect(review.agreed).toEqual([]);
    expect(review.notAgreed).toHaveLength(2);
  });
});
