import type { FusedFinding, FusedReview } from "../domain/index.ts";
import { formatPlural } from "./format-numbers.ts";
import { formatCode } from "./sanitize-text.ts";
import {
  limitList,
  renderAgreedItem,
  renderCost,
  renderDemoWarning,
  renderFailedAgents,
  renderFailureNotice,
  renderNotAgreed,
  renderDisputed,
  renderSkippedFiles,
  renderVerdict,
} from "./render-sections.ts";

export interface MarkdownReportOptions {
  /** The commit or range reviewed, shown under the title. Default: not shown. */
  readonly headSha?: string | undefined;
  /** The pool is the bundled toy model: say loudly that nothing here is advice. Default: false. */
  readonly demo?: boolean | undefined;
}

export const defaultMarkdownReportOptions: MarkdownReportOptions = { demo: false };

/**
 * The whole review as one Markdown document, for `quorum review` run locally: there are no
 * inline comments, so every agreed finding is listed, grouped by file, files in the order of
 * their most severe finding.
 */
export function renderMarkdownReport(review: FusedReview, options: MarkdownReportOptions = {}): string {
  const sections: (string | undefined)[] = [
    "# Quorum review",
    options.demo === true ? renderDemoWarning() : undefined,
    options.headSha === undefined ? undefined : `Reviewed ${formatCode(options.headSha)}.`,
    `**${renderVerdict(review)}**`,
    renderFailureNotice(review),
    ...groupByFile(review.agreed).map(([path, findings]) =>
      [
        `## ${formatCode(path)} (${formatPlural(findings.length, "finding")})`,
        "",
        ...limitList(findings.map((finding) => renderAgreedItem(finding, { withPath: false }))),
      ].join("\n"),
    ),
    renderDisputed(review.disputed),
    renderNotAgreed(review.notAgreed),
    renderSkippedFiles(review),
    renderFailedAgents(review),
    `Cost: ${renderCost(review)}`,
  ];
  return `${sections.filter((section) => section !== undefined).join("\n\n")}\n`;
}

/** Files in order of first appearance; `agreed` is sorted most severe first, so worst file first. */
function groupByFile(findings: readonly FusedFinding[]): [string, FusedFinding[]][] {
  const groups = new Map<string, FusedFinding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.path) ?? [];
    group.push(finding);
    groups.set(finding.path, group);
  }
  return [...groups].map(([path, group]) => [path, group.sort((a, b) => a.line - b.line)]);
}
