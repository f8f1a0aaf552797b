import type { Category, Severity, Usage } from "./finding.ts";
import type { SkippedFile } from "./review-plan.ts";

/** What checking a finding against the code found (tests run in a sandbox, Issue D). */
export const verificationOutcomes = ["confirmed", "refuted"] as const;
export type VerificationOutcome = (typeof verificationOutcomes)[number];

/** An agent that explicitly judged the place of a finding correct. */
export interface Objection {
  readonly reviewer: string;
  /** The agent's reason, model text: sanitise before posting. */
  readonly reason: string;
}

/**
 * How failed review sub-tasks count in the vote. `"abstain"`: they stay in the electorate and
 * support nothing, so a lone surviving agent cannot reach a majority by itself. `"exclude"`: they
 * leave the electorate and agreement is measured among the agents that answered.
 */
export const failedAgentPolicies = ["abstain", "exclude"] as const;
export type FailedAgentPolicy = (typeof failedAgentPolicies)[number];

/** A cluster of agreeing findings, reduced to one. */
export interface FusedFinding {
  readonly path: string;
  readonly line: number;
  readonly severity: Severity;
  readonly category: Category;
  readonly message: string;
  /**
   * The vote behind it: each supporter's model weight × min(1, 0.5 + its confidence), summed.
   * With unit weights and confident agents, the number of supporters.
   */
  readonly support: number;
  /** Reviewer ids that reported it. */
  readonly supporters: readonly string[];
  /** Total weight of the chunk's electorate (see {@link FailedAgentPolicy}). */
  readonly voters: number;
  /** 0..1: mean confidence the supporters stated themselves. */
  readonly confidence: number;
  /** How many reviewers are in the chunk's electorate: the N of "k/N agents". */
  readonly agents?: number | undefined;
  /** Some voter on the chunk does not weigh 1, so weights are worth showing next to head counts. */
  readonly weighted?: boolean | undefined;
  /** Agents that explicitly judged this place correct. Absent or empty: nobody objected. */
  readonly objections?: readonly Objection[] | undefined;
  /** Summed model weight of the objecting agents. */
  readonly opposition?: number | undefined;
  /**
   * Quorum's confidence in the finding, 0..1, from agreement, model weights, the agents' own
   * confidence, severity consensus, objections and (when set) verification. Shown on comments.
   */
  readonly score?: number | undefined;
  /** Set once the finding has been checked against the code; absent: not verified. */
  readonly verification?: VerificationOutcome | undefined;
  /** Stable identity across pushes (path, code around the line, message); see `addFingerprints`. */
  readonly fingerprint?: string | undefined;
}

export interface FusedReview {
  /** Findings that reached quorum: candidates for inline comments. */
  readonly agreed: readonly FusedFinding[];
  /** Findings some agents raised but that did not reach quorum. */
  readonly notAgreed: readonly FusedFinding[];
  /**
   * Findings that reached quorum but that other agents, with comparable weight, judged correct.
   * Never posted inline. Absent in results of older workers: none.
   */
  readonly disputed?: readonly FusedFinding[] | undefined;
  readonly skippedFiles: readonly SkippedFile[];
  /** Sub-tasks that failed (timeout, unparsable output), with reasons; they support nothing. */
  readonly failedAgents: readonly {
    readonly reviewer: string;
    readonly chunkId: string;
    readonly reason: string;
  }[];
  /** How `failedAgents` counted in the vote. Absent in results of older workers: "exclude". */
  readonly failedAgentPolicy?: FailedAgentPolicy | undefined;
  readonly reviewers: number;
  readonly usage: Usage;
}
