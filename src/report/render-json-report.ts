import type { FusedFinding, FusedReview } from "../domain/index.ts";

/**
 * Version of the JSON report's shape; raised when a field changes meaning or disappears.
 * 2: `support` became confidence-adjusted (weight × min(1, 0.5 + confidence)); `disputed`,
 * `failedAgentPolicy` and the findings' `agents`, `weighted`, `objections`, `opposition`, `score`,
 * `verification` and `fingerprint` were added.
 */
export const jsonReportVersion = 2;

/**
 * The review as JSON for scripts: the FusedReview plus `version`. Keys are written in a fixed
 * order, whatever order the object was built in, so two runs with the same outcome give
 * byte-identical output; optional fields appear only when set. Text is not sanitised: this is
 * data, not something GitHub renders.
 */
export function renderJsonReport(review: FusedReview): string {
  const report = {
    version: jsonReportVersion,
    agreed: review.agreed.map(orderFinding),
    notAgreed: review.notAgreed.map(orderFinding),
    disputed: (review.disputed ?? []).map(orderFinding),
    skippedFiles: review.skippedFiles.map((file) => ({
      path: file.path,
      reason: file.reason,
      ...(file.detail === undefined ? {} : { detail: file.detail }),
    })),
    failedAgents: review.failedAgents.map((failure) => ({
      reviewer: failure.reviewer,
      chunkId: failure.chunkId,
      reason: failure.reason,
    })),
    failedAgentPolicy: review.failedAgentPolicy ?? "exclude",
    reviewers: review.reviewers,
    usage: {
      promptTokens: review.usage.promptTokens,
      reusedPromptTokens: review.usage.reusedPromptTokens,
      generatedTokens: review.usage.generatedTokens,
      durationMs: review.usage.durationMs,
    },
  };
  return JSON.stringify(report, null, 2);
}

function orderFinding(finding: FusedFinding): FusedFinding {
  return {
    path: finding.path,
    line: finding.line,
    severity: finding.severity,
    category: finding.category,
    message: finding.message,
    support: finding.support,
    supporters: [...finding.supporters],
    voters: finding.voters,
    confidence: finding.confidence,
    ...optional("agents", finding.agents),
    ...optional("weighted", finding.weighted),
    ...optional(
      "objections",
      finding.objections?.map((objection) => ({ reviewer: objection.reviewer, reason: objection.reason })),
    ),
    ...optional("opposition", finding.opposition),
    ...optional("score", finding.score),
    ...optional("verification", finding.verification),
    ...optional("fingerprint", finding.fingerprint),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
