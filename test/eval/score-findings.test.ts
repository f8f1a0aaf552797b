import { describe, expect, it } from "vitest";
import { computeScores, matchPredictions, type LabelledDefect } from "../../src/eval/index.ts";

const defect = (file: string, line: number): LabelledDefect => ({
  file,
  line,
  kind: "off-by-one",
  subject: "items",
  description: "d",
});

describe("matchPredictions", () => {
  const defects = [defect("a.ts", 10), defect("a.ts", 30), defect("b.py", 5)];

  it("matches within the line tolerance, one prediction per defect, closest first", () => {
    const counts = matchPredictions(
      [
        { path: "a.ts", line: 12 },
        { path: "a.ts", line: 10 },
        { path: "a.ts", line: 33 },
        { path: "b.py", line: 5 },
        { path: "a.py", line: 5 },
      ],
      defects,
    );
    // 10 takes the defect at 10; 12 is a second finding on it, so noise; 33 is 3 lines off.
    expect(counts).toEqual({ truePositives: 2, falsePositives: 3, falseNegatives: 1 });
    expect(matchPredictions([{ path: "a.ts", line: 33 }], defects, 3).truePositives).toBe(1);
  });

  it("scores an empty prediction on a clean case as perfect, and on a buggy case as zero recall", () => {
    expect(computeScores(matchPredictions([], []))).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(computeScores(matchPredictions([], defects))).toMatchObject({ precision: 1, recall: 0, f1: 0 });
    expect(computeScores(matchPredictions([{ path: "z", line: 1 }], []))).toMatchObject({
      precision: 0,
      recall: 1,
    });
  });

  it("computes precision, recall and F1 from the counts", () => {
    const scores = computeScores({ truePositives: 3, falsePositives: 1, falseNegatives: 3 });
    expect(scores.precision).toBeCloseTo(0.75);
    expect(scores.recall).toBeCloseTo(0.5);
    expect(scores.f1).toBeCloseTo(0.6);
  });
});
