import type { Category, Severity, Usage } from "./finding.ts";
import type { SkippedFile } from "./review-plan.ts";

/** A cluster of agreeing findings, reduced to one. */
export interface FusedFinding {
  readonly path: string;
  readonly line: number;
  readonly severity: Severity;
  readonly category: Category;
  readonly message: string;
  /** Sum of the supporting agents' weights. */
  readonly support: number;
  /** Reviewer ids that reported it. */
  readonly supporters: readonly string[];
  /** Total weight of the reviewers that looked at this chunk successfully. */
  readonly voters: number;
  /** 0..1: mean confidence of the supporters. */
  readonly confidence: number;
}

export interface FusedReview {
  /** Findings that reached quorum: candidates for inline comments. */
  readonly agreed: readonly FusedFinding[];
  /** Findings some agents raised but that did not reach quorum. */
  readonly notAgreed: readonly FusedFinding[];
  readonly skippedFiles: readonly SkippedFile[];
  /** Sub-tasks that failed (timeout, unparsable output), with reasons; excluded from the vote. */
  readonly failedAgents: readonly {
    readonly reviewer: string;
    readonly chunkId: string;
    readonly reason: string;
  }[];
  readonly reviewers: number;
  readonly usage: Usage;
}
