import { severities, type FusedReview, type Severity } from "../domain/index.ts";
import { formatPlural } from "./format-numbers.ts";
import {
  findUnreviewedChunks,
  renderCost,
  renderDemoWarning,
  renderFailureNotice,
  renderVerdict,
} from "./render-sections.ts";

export interface CheckRunOutputOptions {
  /** How many agreed findings were posted as inline comments. */
  readonly inlineCount: number;
  /** The pool is the bundled toy model: mark the title and warn in the summary. Default: false. */
  readonly demo?: boolean | undefined;
}

export interface CheckRunOutput {
  readonly title: string;
  readonly summary: string;
  /**
   * Never "failure": findings are models' opinions, and a failing check behind branch protection
   * would let them block a merge. "neutral" flags that something deserves a look.
   */
  readonly conclusion: "success" | "neutral";
}

/** Severities that make the check "neutral" rather than "success". */
const attentionSeverities: ReadonlySet<Severity> = new Set(["major", "critical"]);

/**
 * The check run's title, short summary and suggested conclusion: "neutral" when agreed or
 * disputed findings include a major or critical one, or when part of the change could not be reviewed (a green
 * check would claim a review that did not happen); "success" otherwise.
 */
export function renderCheckRunOutput(review: FusedReview, options: CheckRunOutputOptions): CheckRunOutput {
  const unreviewed = findUnreviewedChunks(review);
  // A disputed critical finding needs a human as much as an agreed one.
  const serious = [...review.agreed, ...(review.disputed ?? [])].some((finding) =>
    attentionSeverities.has(finding.severity),
  );
  const summary = [
    options.demo === true ? renderDemoWarning() : undefined,
    renderVerdict(review),
    renderPlacement(review.agreed.length, options.inlineCount),
    renderCounts(review),
    renderFailureNotice(review),
    `Cost: ${renderCost(review)}`,
  ];
  return {
    title: `${options.demo === true ? "[demo] " : ""}${renderTitle(review, unreviewed.length)}`,
    summary: summary.filter((part) => part !== undefined).join("\n\n"),
    conclusion: serious || unreviewed.length > 0 ? "neutral" : "success",
  };
}

function renderTitle(review: FusedReview, unreviewedChunks: number): string {
  const notReviewed =
    unreviewedChunks > 0 ? ` · ${formatPlural(unreviewedChunks, "chunk")} not reviewed` : "";
  if (review.reviewers === 0 && review.agreed.length === 0) return "Nothing to review";
  if (review.agreed.length === 0) return `No agreed findings${notReviewed}`;
  const bySeverity = [...severities]
    .reverse()
    .map(
      (severity) =>
        [severity, review.agreed.filter((finding) => finding.severity === severity).length] as const,
    )
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  return `${formatPlural(review.agreed.length, "agreed finding")} (${bySeverity.join(", ")})${notReviewed}`;
}

function renderCounts(review: FusedReview): string | undefined {
  const disputed = review.disputed?.length ?? 0;
  const parts = [
    disputed > 0 ? `${formatPlural(disputed, "finding")} disputed` : undefined,
    review.notAgreed.length > 0
      ? `${formatPlural(review.notAgreed.length, "finding")} not agreed`
      : undefined,
    review.skippedFiles.length > 0
      ? `${formatPlural(review.skippedFiles.length, "file")} skipped`
      : undefined,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? undefined : `${parts.join(", ")}.`;
}

function renderPlacement(agreed: number, inline: number): string | undefined {
  if (agreed === 0) return undefined;
  const posted = `${formatPlural(inline, "inline comment")} on the pull request`;
  return inline < agreed ? `${posted}; the others are in the review summary.` : `${posted}.`;
}
