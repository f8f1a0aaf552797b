import type { Severity, SkippedFile } from "../domain/index.ts";

/**
 * How much agreement a finding needs. `"majority"`: support above half of the chunk's voter weight;
 * `"all"`: every voter; a number k: support of at least k (weights, so with unit weights "k agents").
 */
export type Quorum = "majority" | "all" | number;

export interface FuseOptions {
  /** Findings on the same file whose lines are at most this far from a cluster's first line agree. Default: 3. */
  readonly lineTolerance: number;
  /** Agreement needed to post a finding. Default: "majority". */
  readonly quorum: Quorum;
  /**
   * Findings that reach quorum but whose severity is below this are not posted: they go to
   * `notAgreed` (shown collapsed) rather than vanish, so nothing the agents said is hidden.
   * Default: "minor", so agreed "info" remarks never become inline comments.
   */
  readonly minSeverity: Severity;
  /**
   * At most this many findings per reviewer per chunk take part (highest severity, then confidence),
   * so one agent flooding a chunk cannot crowd the vote or the summary. Default: 8.
   */
  readonly maxFindingsPerAgent: number;
  /** Files the plan did not review, passed through to the result for the report. Default: none. */
  readonly skippedFiles: readonly SkippedFile[];
}

export const defaultFuseOptions: FuseOptions = {
  lineTolerance: 3,
  quorum: "majority",
  minSeverity: "minor",
  maxFindingsPerAgent: 8,
  skippedFiles: [],
};
