import type { FusedFinding } from "../domain/index.ts";
import { formatAgreement } from "./format-agreement.ts";
import { formatCategory, formatSeverity } from "./format-labels.ts";
import { sanitizeText } from "./sanitize-text.ts";

/**
 * The body of one inline review comment: a severity and category line, the message, and a small
 * footer saying it comes from Quorum and how many agents agreed — so a reader can weigh it.
 */
export function renderInlineComment(finding: FusedFinding): string {
  return [
    `**${formatSeverity(finding.severity)}** · ${formatCategory(finding.category)}`,
    sanitizeText(finding.message),
    `<sub>Quorum · ${formatAgreement(finding)}</sub>`,
  ].join("\n\n");
}
