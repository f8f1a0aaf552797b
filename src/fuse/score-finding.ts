import type { FusedFinding, VerificationOutcome } from "../domain/index.ts";
import { clampUnit } from "./weigh-vote.ts";

/** What Quorum knows about a fused finding when it scores it. */
export interface ScoreInputs {
  /** Confidence-adjusted weight behind the finding (see `weighVote`). */
  readonly support: number;
  /** Weight of the agents that judged the place correct. */
  readonly opposition: number;
  /** Total weight of the chunk's electorate. */
  readonly voters: number;
  /** The supporters' own confidence, weight-averaged, 0..1. */
  readonly selfConfidence: number;
  /** Share of the support whose severity is within one step of the fused severity, 0..1. */
  readonly severityConsensus: number;
  /** Result of checking the finding against the code, when there was one. */
  readonly verification?: VerificationOutcome | undefined;
}

/**
 * Quorum's confidence in a finding, 0..1 — a ranking heuristic shown to readers, not a calibrated
 * probability:
 *
 *     base  = 0.60 × agreement + 0.25 × selfConfidence + 0.15 × severityConsensus
 *     score = base × (1 − objection)             then adjusted by verification
 *
 * where agreement = support / voters (model weights and the agents' doubt are already in
 * `support`), objection = opposition / voters. Agreement dominates because independent agents
 * pointing at one defect is the best evidence a pool has; self-reported confidence is cheap talk
 * for small models and counts less; severity consensus rewards supporters that also agree on how
 * bad it is. Verification (Issue D) then moves the score: "confirmed" halves the remaining doubt,
 * "refuted" quarters the score.
 */
export function scoreFinding(inputs: ScoreInputs): number {
  const voters = inputs.voters > 0 ? inputs.voters : 0;
  const agreement = voters === 0 ? 0 : clampUnit(inputs.support / voters);
  const objection = voters === 0 ? 0 : clampUnit(inputs.opposition / voters);
  const base =
    0.6 * agreement + 0.25 * clampUnit(inputs.selfConfidence) + 0.15 * clampUnit(inputs.severityConsensus);
  return round(adjustForVerification(base * (1 - objection), inputs.verification));
}

/**
 * Records a verification outcome on a fused finding and moves its score accordingly (see
 * {@link scoreFinding}). Apply once per finding: the score does not remember earlier outcomes.
 */
export function applyVerification(finding: FusedFinding, outcome: VerificationOutcome): FusedFinding {
  const score = finding.score ?? finding.confidence;
  return { ...finding, verification: outcome, score: round(adjustForVerification(score, outcome)) };
}

function adjustForVerification(score: number, outcome: VerificationOutcome | undefined): number {
  if (outcome === "confirmed") return score + (1 - score) / 2;
  if (outcome === "refuted") return score / 4;
  return score;
}

/** Three decimals: enough to rank, and stable in JSON output. */
function round(value: number): number {
  return Math.round(clampUnit(value) * 1000) / 1000;
}
