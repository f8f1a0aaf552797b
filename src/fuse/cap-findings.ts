import type { Finding } from "../domain/index.ts";
import { compareBySeverityThenPlace, compareText, rankSeverity } from "./compare-findings.ts";

/**
 * Keeps at most `max` findings: the most severe, then the most confident. Ties fall back to place
 * and message so the result does not depend on the order the agent listed them in.
 */
export function capFindings(findings: readonly Finding[], max: number): Finding[] {
  return [...findings]
    .sort(
      (a, b) =>
        rankSeverity(b.severity) - rankSeverity(a.severity) ||
        b.confidence - a.confidence ||
        compareBySeverityThenPlace(a, b) ||
        compareText(a.category, b.category),
    )
    .slice(0, Math.max(0, max));
}
