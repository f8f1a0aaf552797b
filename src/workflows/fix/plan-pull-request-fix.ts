import type { IssueText } from "../../agents/fix/index.ts";
import { stripHiddenText } from "../../agents/index.ts";
import { readFingerprintMarker } from "../../report/index.ts";

/** A review comment on a pull request, as the GitHub layer reads it (`OwnReviewComment` fits). */
export interface ReviewCommentLike {
  readonly body: string;
  readonly path: string;
  /** Its line in the pull request's current head; null once the comment is outdated. */
  readonly line: number | null;
  /** 👎 reactions: someone judged the finding wrong. */
  readonly thumbsDown: number;
}

/** One of Quorum's own findings on a pull request, to be fixed. */
export interface ReviewFinding {
  readonly path: string;
  readonly line: number;
  /** The comment's text on one line, without Quorum's footer and marker (still untrusted: fence it). */
  readonly text: string;
}

/** What a pull-request fix aims at, for the report. */
export interface FixTargets {
  /** The test command failed on the pull request's head. */
  readonly failingTests: boolean;
  readonly findings: readonly Pick<ReviewFinding, "path" | "line">[];
}

export interface PullRequestFixInput {
  /** The pull request's number, title and description. */
  readonly pullRequest: IssueText;
  readonly findings: readonly ReviewFinding[];
  /** Paths the pull request adds or changes: the likeliest place of what broke. */
  readonly changedPaths: readonly string[];
  /** The test command's run on the head. */
  readonly baseline: { readonly command: string; readonly passed: boolean; readonly output: string };
}

export type PullRequestFixPlan =
  | { readonly kind: "nothing-to-fix"; readonly reason: string }
  | {
      readonly kind: "fix";
      /** The text agents get: the pull request's title and description, then the findings. */
      readonly subject: IssueText;
      /** Text to choose the relevant files from: the subject, the changed paths and the failure. */
      readonly locateText: string;
      /** The failing run to show fix agents; absent when the tests pass. */
      readonly failingRun: { readonly command: string; readonly output: string } | undefined;
      /**
       * Why no reproducing test is written, or undefined to write one. A failing suite is the
       * evidence already; findings alone need a test that shows the problem.
       */
      readonly skipReproduction: string | undefined;
      readonly targets: FixTargets;
    };

/** Findings shown to agents at most; the first ones, as GitHub lists them (oldest first). */
export const maxFindings = 8;
/** Characters of one finding's text: a finding is a paragraph, not a document. */
const maxFindingChars = 600;
/** Changed paths added to the text files are located by: enough for a focused pull request. */
const maxChangedPaths = 20;

/**
 * The findings Quorum itself posted and nobody rejected: comments that carry Quorum's fingerprint
 * marker (the GitHub layer already kept bot comments only, so people cannot plant findings), that
 * still sit on a line of the current head, and that have no 👎.
 */
export function selectReviewFindings(comments: readonly ReviewCommentLike[]): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  for (const comment of comments) {
    if (readFingerprintMarker(comment.body) === undefined) continue;
    if (comment.line === null || comment.thumbsDown > 0) continue;
    const text = oneLine(
      stripHiddenText(comment.body)
        .split("\n")
        .filter((line) => !/^\s*<sub>Quorum\b.*<\/sub>\s*$/.test(line))
        .join("\n"),
    );
    if (text === "") continue;
    findings.push({ path: comment.path, line: comment.line, text: clip(text, maxFindingChars) });
    if (findings.length >= maxFindings) break;
  }
  return findings;
}

/**
 * Decides what a `/quorum fix` on a pull request fixes: the head's failing tests, Quorum's
 * findings, or both. With the tests passing and no finding there is nothing to fix. Pure: the
 * caller ran the tests and read the findings.
 */
export function planPullRequestFix(input: PullRequestFixInput): PullRequestFixPlan {
  const { pullRequest, findings, baseline } = input;
  if (baseline.passed && findings.length === 0) {
    return {
      kind: "nothing-to-fix",
      reason: `\`${baseline.command}\` passes on the pull request's head and Quorum has no open review finding on it`,
    };
  }
  // Each piece is stripped on its own: an unclosed HTML comment in the description must not hide the findings.
  const description = stripHiddenText(pullRequest.body).trim();
  const findingLines = findings.map((f) => `- ${f.path}, line ${f.line}: ${stripHiddenText(f.text)}`);
  const body = [
    description === "" ? "(no description)" : description,
    ...(findingLines.length === 0
      ? []
      : [
          "",
          "Quorum's reviewers found these problems in this pull request; fix the real ones:",
          ...findingLines,
        ]),
  ].join("\n");
  const subject: IssueText = {
    number: pullRequest.number,
    title: stripHiddenText(pullRequest.title),
    body,
    kind: "pull-request",
  };
  const failingRun = baseline.passed ? undefined : { command: baseline.command, output: baseline.output };
  return {
    kind: "fix",
    subject,
    locateText: [
      subject.title,
      body,
      ...input.changedPaths.slice(0, maxChangedPaths),
      ...(failingRun === undefined ? [] : [failingRun.output]),
    ].join("\n"),
    failingRun,
    skipReproduction: baseline.passed
      ? undefined
      : `\`${baseline.command}\` already fails on the pull request's head, so a passing run with the fix is the evidence`,
    targets: {
      failingTests: !baseline.passed,
      findings: findings.map(({ path, line }) => ({ path, line })),
    },
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
