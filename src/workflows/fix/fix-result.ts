import type { FileEdit, PatchedFile, VerificationLog } from "../../verify/index.ts";
import type { FixTargets } from "./plan-pull-request-fix.ts";

/** What happened to one fix agent's proposal. */
export interface CandidateReport {
  /** 1-based, in agent order; equivalent proposals share the first one's number. */
  readonly id: number;
  /** The agents (slot and model) that proposed this patch or an equivalent one. */
  readonly proposers: readonly { readonly slot: number; readonly model: string; readonly weight: number }[];
  /**
   * `verified`: passed everything; `unproven`: passed, but nothing showed it fixes the issue;
   * `rejected`: failed verification; `failed`: the agent gave no usable answer.
   */
  readonly status: "verified" | "unproven" | "rejected" | "failed";
  /** One line; for rejected and failed candidates, why. */
  readonly reason: string;
  readonly explanation?: string | undefined;
  readonly edits?: readonly FileEdit[] | undefined;
  /** Lines removed plus added; present when the patch applied. */
  readonly changedLines?: number | undefined;
}

/** The test written to reproduce the issue, kept only if it failed on the current code. */
export interface ReproductionReport {
  readonly status: "reproduced" | "not-reproduced" | "skipped";
  /** One line: what happened. */
  readonly summary: string;
  readonly test?: { readonly path: string; readonly content: string } | undefined;
}

/** What every attempt at a fix reports, whether it ended with a verified patch or not. */
interface FixAttempt {
  readonly baseSha: string;
  readonly candidates: readonly CandidateReport[];
  readonly reproduction: ReproductionReport;
  readonly log: VerificationLog;
  /** For a pull request: what the fix aimed at. Absent for an issue. */
  readonly targets?: FixTargets | undefined;
}

export interface VerifiedFix extends FixAttempt {
  readonly status: "verified";
  /** Every file to commit: the patch's files and the reproducing test (a new file), as they must end up. */
  readonly files: readonly PatchedFile[];
  /** The selected candidate's explanation (model text: sanitise before publishing). */
  readonly explanation: string;
  /** Why we believe it fixes the issue, e.g. "the reproducing test failed before and passes now". */
  readonly evidence: string;
  readonly selected: CandidateReport;
}

/** A fetch that fails throws (`WorkspaceError`), so even this outcome has a base commit. */
export interface NoVerifiedFix extends FixAttempt {
  readonly status: "no-verified-fix";
  /** One line: why there is no fix. */
  readonly reason: string;
}

/** A pull request whose tests pass on its head and on which Quorum has no open finding. */
export interface NothingToFix {
  readonly status: "nothing-to-fix";
  /** One line: why there is nothing to do. */
  readonly reason: string;
  readonly baseSha: string;
  /** The passing run of the test command on the head. */
  readonly log: VerificationLog;
}

/**
 * The outcome of the fix workflow: a patch proven by running the tests, an honest account of what
 * was tried, or (for a pull request) that there was nothing to fix.
 */
export type FixResult = VerifiedFix | NoVerifiedFix | NothingToFix;

/** An issue always has something to fix. */
export type IssueFixResult = VerifiedFix | NoVerifiedFix;

/** Stages reported while the workflow runs, for the issue's progress comment. */
export type FixStage =
  "fetching" | "locating" | "baseline" | "reproducing" | "proposing" | "verifying" | "done";

export interface FixProgress {
  readonly stage: FixStage;
  /** One line for people, e.g. `verifying candidate 2 of 3`. */
  readonly detail: string;
}
