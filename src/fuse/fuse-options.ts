import type { FailedAgentPolicy, Severity, SkippedFile } from "../domain/index.ts";

/**
 * How much agreement a finding needs, compared with its support (model weight × min(1, 0.5 +
 * confidence), summed over supporters). `"majority"`: support above half of the chunk's electorate
 * weight; `"all"`: support equal to all of it; a number k: support of at least k (with unit weights
 * and confident agents, "k agents").
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
   * and as many "looks correct" judgements, so one agent flooding a chunk cannot crowd the vote or
   * the summary. Default: 8.
   */
  readonly maxFindingsPerAgent: number;
  /**
   * Flood dilution: a reviewer that reports more findings on a chunk than max(floodAllowance,
   * 2 × the median count of its peers there) has its vote weight on that chunk — support and
   * share of the electorate alike — scaled by allowance / its count. An agent spraying findings
   * everywhere then cannot lift its peers' stray findings to quorum, nor block a majority by
   * inflating the electorate. Default: 4.
   */
  readonly floodAllowance: number;
  /**
   * A finding that reaches quorum is `disputed` instead of agreed when agents that explicitly judged
   * its place correct weigh at least this share of its support: with unit weights 2 for and 2
   * against, or 4 for and 3 against, is disputed; 2 for and 1 against, or 3 for and 2 against, is
   * agreed, and the comment says how many disagree. Default: 0.75.
   */
  readonly disputeRatio: number;
  /**
   * How failed sub-tasks count (see `FailedAgentPolicy`). Default: "abstain" — they stay in the
   * electorate, so a failure can only make agreement harder; "exclude" must be chosen explicitly,
   * and the report says which applied.
   */
  readonly failedAgents: FailedAgentPolicy;
  /** Files the plan did not review, passed through to the result for the report. Default: none. */
  readonly skippedFiles: readonly SkippedFile[];
}

export const defaultFuseOptions: FuseOptions = {
  lineTolerance: 3,
  quorum: "majority",
  minSeverity: "minor",
  maxFindingsPerAgent: 8,
  floodAllowance: 4,
  disputeRatio: 0.75,
  failedAgents: "abstain",
  skippedFiles: [],
};
