import type { FusedFinding } from "../domain/index.ts";
import { formatAgreement } from "./format-agreement.ts";
import { formatCategory, formatSeverity } from "./format-labels.ts";
import { sanitizeText } from "./sanitize-text.ts";

/**
 * The body of one inline review comment: a severity and category line, the message, and a small
 * footer saying it comes from Quorum, how many agents agreed (and disagreed) and Quorum's
 * confidence in it — so a reader can weigh it. The fingerprint marker is not part of it: append it
 * with `appendFingerprintMarker` after the body has been sanitised for GitHub.
 */
export function renderInlineComment(finding: FusedFinding): string {
  return [
    `**${formatSeverity(finding.severity)}** · ${formatCategory(finding.category)}`,
    sanitizeText(finding.message),
    `<sub>Quorum · ${formatAgreement(finding)}</sub>`,
  ].join("\n\n");
}
