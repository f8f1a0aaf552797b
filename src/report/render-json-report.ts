import type { FusedFinding, FusedReview } from "../domain/index.ts";

/** Version of the JSON report's shape; raised when a field changes meaning or disappears. */
export const jsonReportVersion = 1;

/**
 * The review as JSON for scripts: the FusedReview plus `version`. Keys are written in a fixed
 * order, whatever order the object was built in, so two runs with the same outcome give
 * byte-identical output. Text is not sanitised: this is data, not something GitHub renders.
 */
export function renderJsonReport(review: FusedReview): string {
  const report = {
    version: jsonReportVersion,
    agreed: review.agreed.map(orderFinding),
    notAgreed: review.notAgreed.map(orderFinding),
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
  };
}
