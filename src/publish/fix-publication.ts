/**
 * What publishing needs from a fix-workflow result (`FixResult` from `workflows/` fits it), kept
 * structural so this layer depends on nothing but GitHub.
 */
export interface PublishedFile {
  readonly path: string;
  /** The file's content on the new branch. */
  readonly after: string;
  /** `100644` or `100755`. */
  readonly mode: string;
  /** Undefined for a new file. */
  readonly before?: string | undefined;
}

export interface LogStepLike {
  readonly name: string;
  readonly command?: string | undefined;
  readonly outcome: "passed" | "failed" | "timed-out" | "refused";
  readonly expected: "pass" | "fail";
  readonly ok: boolean;
  readonly durationMs?: number | undefined;
  readonly problems?: readonly string[] | undefined;
  readonly outputTail?: string | undefined;
}

export interface VerificationLogLike {
  readonly sandbox: string;
  readonly baseSha: string;
  readonly testCommand: string | undefined;
  readonly steps: readonly LogStepLike[];
}

export interface CandidateLike {
  readonly id: number;
  readonly proposers: readonly { readonly slot: number; readonly model: string }[];
  readonly status: "verified" | "unproven" | "rejected" | "failed";
  readonly reason: string;
  readonly explanation?: string | undefined;
  readonly changedLines?: number | undefined;
}

export interface ReproductionLike {
  readonly status: "reproduced" | "not-reproduced" | "skipped";
  readonly summary: string;
  readonly test?: { readonly path: string } | undefined;
}

/** For a pull request: what the fix aimed at. */
export interface FixTargetsLike {
  readonly failingTests: boolean;
  readonly findings: readonly { readonly path: string; readonly line: number }[];
}

export type FixResultLike =
  | {
      readonly status: "verified";
      readonly baseSha: string;
      readonly files: readonly PublishedFile[];
      readonly explanation: string;
      readonly evidence: string;
      readonly selected: CandidateLike;
      readonly candidates: readonly CandidateLike[];
      readonly reproduction: ReproductionLike;
      readonly log: VerificationLogLike;
      readonly targets?: FixTargetsLike | undefined;
    }
  | {
      readonly status: "no-verified-fix";
      readonly reason: string;
      readonly baseSha: string | undefined;
      readonly candidates: readonly CandidateLike[];
      readonly reproduction: ReproductionLike;
      readonly log: VerificationLogLike;
      readonly targets?: FixTargetsLike | undefined;
    }
  | {
      /** A pull request whose tests pass and that has no open finding. */
      readonly status: "nothing-to-fix";
      readonly reason: string;
      readonly baseSha: string;
      readonly log: VerificationLogLike;
    };
