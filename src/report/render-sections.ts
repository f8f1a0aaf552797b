import type { FusedFinding, FusedReview } from "../domain/index.ts";
import { formatAgreement, formatSupport } from "./format-agreement.ts";
import { formatCategory, formatSeverity } from "./format-labels.ts";
import { formatCount, formatDuration, formatPlural } from "./format-numbers.ts";
import { formatCode, indentContinuation, sanitizeText } from "./sanitize-text.ts";

/**
 * Items listed per section. Keeps a review body far below GitHub's 65,536-character limit even
 * when agents flood every chunk; the full list is in `quorum review --format json`.
 */
export const maxListedItems = 50;

/** Sections longer than this are collapsed so the verdict stays on screen. */
const collapseSkippedAbove = 10;

/** A loud, unmissable notice: a demo pool's output looks like a review but means nothing. */
export function renderDemoWarning(): string {
  return [
    "> [!WARNING]",
    "> **Demo run.** These findings come from the bundled toy model, which only shows how Quorum works.",
    "> They are not real advice about this code. Configure a real model pool to get useful reviews.",
  ].join("\n");
}

/**
 * The one-line outcome. "≥k of N agents" uses the smallest head count behind any agreed finding,
 * so it is true of every one of them whatever the quorum rule was.
 */
export function renderVerdict(review: FusedReview): string {
  const disputed = review.disputed?.length ?? 0;
  if (
    review.reviewers === 0 &&
    review.agreed.length === 0 &&
    review.notAgreed.length === 0 &&
    disputed === 0
  ) {
    const skipped = review.skippedFiles.length;
    if (skipped === 0) return "Nothing to review: the change has no files.";
    return skipped === 1
      ? "Nothing to review: the only changed file was skipped."
      : `Nothing to review: all ${formatCount(skipped)} changed files were skipped.`;
  }
  const agents = formatPlural(review.reviewers, "agent");
  if (review.agreed.length === 0) {
    const others = [
      disputed > 0 ? `${formatCount(disputed)} disputed` : undefined,
      review.notAgreed.length > 0
        ? `${formatPlural(review.notAgreed.length, "finding")} raised without agreement`
        : undefined,
    ].filter((part) => part !== undefined);
    return `No findings agreed by a quorum of ${agents}${others.length === 0 ? "." : ` (${others.join(", ")}).`}`;
  }
  const minimum = Math.min(...review.agreed.map((finding) => finding.supporters.length));
  return `${formatPlural(review.agreed.length, "finding")} agreed by ≥${minimum} of ${agents}.`;
}

/**
 * Warnings about agents that failed, and chunks nobody could review, for the top of the body. Says
 * how the failures counted: as abstentions (the default) or excluded from the vote (chosen
 * explicitly; results of older workers also excluded them).
 */
export function renderFailureNotice(review: FusedReview): string | undefined {
  if (review.failedAgents.length === 0) return undefined;
  const unreviewed = findUnreviewedChunks(review);
  const count = review.failedAgents.length;
  const failed = `⚠️ ${formatPlural(count, "review sub-task")} failed`;
  const lines = [
    review.failedAgentPolicy === "abstain"
      ? `${failed}; ${count === 1 ? "it counts" : "they count"} as abstaining: agreement was measured against every agent, so a failure can only make agreement harder.`
      : `${failed} and ${count === 1 ? "was" : "were"} excluded from the vote; agreement was counted among the agents that succeeded.`,
  ];
  if (unreviewed.length > 0) {
    lines.push(
      `⚠️ Every agent failed on ${formatPlural(unreviewed.length, "chunk")} (${unreviewed.map(formatCode).join(", ")}): part of this change was not reviewed.`,
    );
  }
  return lines.join("\n");
}

/**
 * Chunks on which every reviewer slot failed. Each slot reviews every chunk, so a chunk whose
 * distinct failed reviewers number `review.reviewers` had no voter at all.
 */
export function findUnreviewedChunks(review: FusedReview): string[] {
  const failedByChunk = new Map<string, Set<string>>();
  for (const failure of review.failedAgents) {
    const reviewers = failedByChunk.get(failure.chunkId) ?? new Set<string>();
    reviewers.add(failure.reviewer);
    failedByChunk.set(failure.chunkId, reviewers);
  }
  return [...failedByChunk]
    .filter(([, reviewers]) => reviewers.size >= review.reviewers)
    .map(([chunkId]) => chunkId);
}

/** "🟠 Major · bug · `src/a.ts:12` — message _(2/3 agents agree · confidence 0.74)_" */
export function renderAgreedItem(finding: FusedFinding, options: { readonly withPath: boolean }): string {
  const place = options.withPath ? formatCode(`${finding.path}:${finding.line}`) : `line ${finding.line}`;
  const message = indentContinuation(sanitizeText(finding.message), "  ");
  return `- **${formatSeverity(finding.severity)}** · ${formatCategory(finding.category)} · ${place} — ${message} _(${formatAgreement(finding)})_`;
}

/** A not-agreed finding: its place and how few agents raised it. */
export function renderNotAgreedItem(finding: FusedFinding): string {
  const message = indentContinuation(sanitizeText(finding.message), "  ");
  return `- ${formatCode(`${finding.path}:${finding.line}`)} · ${finding.severity} · ${formatCategory(finding.category)} — ${message} _(${formatSupport(finding)})_`;
}

/**
 * Findings that reached quorum but that other agents judged correct: a human should decide, so
 * they are listed openly (not collapsed), each with the objecting agents' reasons.
 */
export function renderDisputed(findings: readonly FusedFinding[] | undefined): string | undefined {
  if (findings === undefined || findings.length === 0) return undefined;
  return [
    `**Disputed (${formatCount(findings.length)})** — some agents flagged these, others with comparable weight judged the same code correct; not posted inline`,
    "",
    ...limitList(findings.map(renderDisputedItem)),
  ].join("\n");
}

/** A disputed finding, then one sub-item per objecting agent with its reason. */
export function renderDisputedItem(finding: FusedFinding): string {
  const message = indentContinuation(sanitizeText(finding.message), "  ");
  const objections = (finding.objections ?? []).map(
    (objection) =>
      `  - ${formatCode(objection.reviewer)} judged it correct: ${indentContinuation(sanitizeText(objection.reason), "    ")}`,
  );
  return [
    `- **${formatSeverity(finding.severity)}** · ${formatCategory(finding.category)} · ${formatCode(`${finding.path}:${finding.line}`)} — ${message} _(${formatSupport(finding)})_`,
    ...objections,
  ].join("\n");
}

/**
 * The findings that did not make it, collapsed: worth a look, not worth a comment each. Also
 * holds agreed findings below the minimum severity, hence the explanation line.
 */
export function renderNotAgreed(findings: readonly FusedFinding[]): string | undefined {
  if (findings.length === 0) return undefined;
  return [
    "<details>",
    `<summary>Not agreed (${formatCount(findings.length)})</summary>`,
    "",
    "Raised by fewer agents than the quorum, or agreed but below the minimum severity. Each shows how many agents raised it.",
    "",
    ...limitList(findings.map(renderNotAgreedItem)),
    "",
    "</details>",
  ].join("\n");
}

export function renderSkippedFiles(review: FusedReview): string | undefined {
  const skipped = review.skippedFiles;
  if (skipped.length === 0) return undefined;
  const items = limitList(
    skipped.map((file) => {
      const detail = file.detail === undefined ? "" : `: ${sanitizeText(file.detail)}`;
      return `- ${formatCode(file.path)} — ${file.reason}${detail}`;
    }),
  );
  const title = `Skipped files (${formatCount(skipped.length)})`;
  if (skipped.length > collapseSkippedAbove) {
    return ["<details>", `<summary>${title}</summary>`, "", ...items, "", "</details>"].join("\n");
  }
  return [`**${title}**`, "", ...items].join("\n");
}

export function renderFailedAgents(review: FusedReview): string | undefined {
  if (review.failedAgents.length === 0) return undefined;
  const items = limitList(
    review.failedAgents.map(
      (failure) =>
        `- ${formatCode(failure.reviewer)} on chunk ${formatCode(failure.chunkId)}: ${indentContinuation(sanitizeText(failure.reason), "  ")}`,
    ),
  );
  const counted = review.failedAgentPolicy === "abstain" ? "counted as abstaining" : "excluded from the vote";
  return [`**Failed agents (${formatCount(review.failedAgents.length)})** — ${counted}`, "", ...items].join(
    "\n",
  );
}

/** What the run cost the machine. Durations are summed over agents, so it is agent time, not wall time. */
export function renderCost(review: FusedReview): string {
  const { usage } = review;
  const reused =
    usage.reusedPromptTokens > 0 ? ` (${formatCount(usage.reusedPromptTokens)} reused from cache)` : "";
  return [
    formatPlural(review.reviewers, "agent"),
    `${formatCount(usage.promptTokens)} prompt tokens${reused}`,
    `${formatCount(usage.generatedTokens)} generated`,
    `${formatDuration(usage.durationMs)} agent time`,
  ].join(" · ");
}

/** Caps a list at {@link maxListedItems}, saying how many were left out. */
export function limitList(items: readonly string[]): string[] {
  if (items.length <= maxListedItems) return [...items];
  return [...items.slice(0, maxListedItems), `- …and ${formatCount(items.length - maxListedItems)} more`];
}
