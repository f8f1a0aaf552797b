/**
 * The part of its model weight one vote carries: `weight × min(1, 0.5 + confidence)`. An agent
 * that doubts its own finding (confidence below 0.5) counts for less, down to half its weight at
 * confidence 0; from 0.5 up it counts in full. Confidence above 0.5 earns nothing extra, so an
 * agent claiming certainty about everything cannot outvote its peers. Confidence is model output
 * and is clamped to 0..1 first; a missing or negative weight counts as 0.
 */
export function weighVote(weight: number, confidence: number): number {
  const safeWeight = Number.isFinite(weight) ? Math.max(0, weight) : 0;
  return safeWeight * Math.min(1, 0.5 + clampUnit(confidence));
}

/** Clamps to 0..1; anything that is not a finite number becomes 0. */
export function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
