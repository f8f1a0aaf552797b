import type { FusedFinding, FusedReview } from "../domain/index.ts";
import { formatPlural } from "./format-numbers.ts";
import { formatCode } from "./sanitize-text.ts";
import {
  renderAgreedItem,
  renderCost,
  renderDemoWarning,
  renderFailedAgents,
  renderFailureNotice,
  limitList,
  renderNotAgreed,
  renderDisputed,
  renderSkippedFiles,
  renderVerdict,
} from "./render-sections.ts";

export interface ReviewSummaryOptions {
  /** Agreed findings that could not be placed inline (their line is not in the diff). */
  readonly outsideDiff: readonly FusedFinding[];
  /** How many agreed findings were posted as inline comments. */
  readonly inlineCount: number;
  /** The commit reviewed, shown so a reader knows which push the review is about. Default: not shown. */
  readonly headSha?: string | undefined;
  /** The pool is the bundled toy model: say loudly that nothing here is advice. Default: false. */
  readonly demo?: boolean | undefined;
}

/**
 * The body of the PR review: the verdict, where the agreed findings went, the agreed findings
 * that could not go inline, the disputed ones, the collapsed not-agreed ones, skipped files, failed
 * agents and the cost. Never contains an `@mention`: model text is sanitised and our own text has none.
 */
export function renderReviewSummary(review: FusedReview, options: ReviewSummaryOptions): string {
  const sections: (string | undefined)[] = [
    "### Quorum review",
    options.demo === true ? renderDemoWarning() : undefined,
    [`**${renderVerdict(review)}**${renderPlacement(review, options)}`, renderReviewedCommit(options.headSha)]
      .filter((line) => line !== undefined)
      .join("\n"),
    renderFailureNotice(review),
    renderOutsideDiff(options.outsideDiff),
    renderDisputed(review.disputed),
    renderNotAgreed(review.notAgreed),
    renderSkippedFiles(review),
    renderFailedAgents(review),
    `<sub>Quorum · ${renderCost(review)}</sub>`,
  ];
  return sections.filter((section) => section !== undefined).join("\n\n");
}

/**
 * Where the agreed findings are. Findings neither inline nor listed were left out by the
 * publisher, which only does that for findings it already posted on an earlier push.
 */
function renderPlacement(review: FusedReview, options: ReviewSummaryOptions): string {
  if (review.agreed.length === 0) return "";
  const parts = [`${options.inlineCount} posted inline`];
  if (options.outsideDiff.length > 0)
    parts.push(`${options.outsideDiff.length} outside the diff, listed below`);
  const repeated = review.agreed.length - options.inlineCount - options.outsideDiff.length;
  if (repeated > 0) parts.push(`${repeated} already posted before`);
  return ` ${parts.join(", ")}.`;
}

function renderReviewedCommit(headSha: string | undefined): string | undefined {
  return headSha === undefined || headSha === ""
    ? undefined
    : `Reviewed commit ${formatCode(headSha.slice(0, 12))}.`;
}

function renderOutsideDiff(findings: readonly FusedFinding[]): string | undefined {
  if (findings.length === 0) return undefined;
  return [
    `**Agreed, outside the diff (${formatPlural(findings.length, "finding")})** — these lines cannot take an inline comment`,
    "",
    ...limitList(findings.map((finding) => renderAgreedItem(finding, { withPath: true }))),
  ].join("\n");
}
