import type { Clearance, Finding } from "../domain/index.ts";
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

/**
 * Keeps at most `max` "looks correct" judgements, one per place, in file and line order: they
 * carry no severity to rank by, and a reviewer clearing every line must not outweigh one that
 * looked closely at a few.
 */
export function capClearances(clearances: readonly Clearance[], max: number): Clearance[] {
  const seen = new Set<string>();
  return [...clearances]
    .sort((a, b) => compareText(a.path, b.path) || a.line - b.line || compareText(a.reason, b.reason))
    .filter((clearance) => {
      const key = JSON.stringify([clearance.path, clearance.line]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, Math.max(0, max));
}
