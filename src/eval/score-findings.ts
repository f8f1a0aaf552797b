import type { LabelledDefect } from "./eval-case.ts";

/** Outcome counts of predictions against labels. */
export interface MatchCounts {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
}

export interface Scores extends MatchCounts {
  /** TP / (TP + FP); 1 when nothing was predicted (nothing claimed, nothing wrong). */
  readonly precision: number;
  /** TP / (TP + FN); 1 when there was nothing to find. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
}

/** A predicted defect: where a reviewer (or the fused review) says something is wrong. */
export interface Prediction {
  readonly path: string;
  readonly line: number;
}

/** Lines a prediction may be off by and still name the labelled defect. Default: 2. */
export const defaultLineTolerance = 2;

export const zeroCounts: MatchCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };

/**
 * Matches predictions to labelled defects one-to-one: a pair matches when it names the same file
 * and lines at most `tolerance` apart; closest pairs are matched first. Unmatched predictions are
 * false positives (a second finding on an already matched defect included: it is noise to the
 * reader), unmatched defects false negatives.
 */
export function matchPredictions(
  predictions: readonly Prediction[],
  defects: readonly LabelledDefect[],
  tolerance: number = defaultLineTolerance,
): MatchCounts {
  const pairs: { prediction: number; defect: number; distance: number }[] = [];
  predictions.forEach((prediction, p) => {
    defects.forEach((defect, d) => {
      const distance = Math.abs(prediction.line - defect.line);
      if (prediction.path === defect.file && distance <= tolerance)
        pairs.push({ prediction: p, defect: d, distance });
    });
  });
  pairs.sort((a, b) => a.distance - b.distance || a.defect - b.defect || a.prediction - b.prediction);
  const usedPredictions = new Set<number>();
  const usedDefects = new Set<number>();
  for (const pair of pairs) {
    if (usedPredictions.has(pair.prediction) || usedDefects.has(pair.defect)) continue;
    usedPredictions.add(pair.prediction);
    usedDefects.add(pair.defect);
  }
  return {
    truePositives: usedDefects.size,
    falsePositives: predictions.length - usedPredictions.size,
    falseNegatives: defects.length - usedDefects.size,
  };
}

export function addCounts(a: MatchCounts, b: MatchCounts): MatchCounts {
  return {
    truePositives: a.truePositives + b.truePositives,
    falsePositives: a.falsePositives + b.falsePositives,
    falseNegatives: a.falseNegatives + b.falseNegatives,
  };
}

/** Precision, recall and F1 from counts (micro-averaged when the counts are sums). */
export function computeScores(counts: MatchCounts): Scores {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = counts;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...counts, precision, recall, f1 };
}
