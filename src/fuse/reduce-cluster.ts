import { categories, type Category, type FusedFinding, type Severity } from "../domain/index.ts";
import type { FindingCluster, Vote } from "./cluster-findings.ts";
import { compareNatural, rankSeverity } from "./compare-findings.ts";

/** How many differing phrasings from other supporters are kept after the main message. */
const maxAlternativeMessages = 2;

/**
 * Reduces a cluster to the one finding shown to the author: the line most supporters chose (ties:
 * the lowest), the most severe severity any supporter gave (a reviewer who saw a critical bug
 * should not be outvoted into "minor"), the most common category, and the most confident
 * supporter's message followed by up to two differently worded ones ("Also: …"), since another
 * phrasing often carries the detail the first one missed. `voters` is the chunk's total voter weight.
 */
export function reduceCluster(cluster: FindingCluster, voters: number): FusedFinding {
  const votes = cluster.votes;
  const byConfidence = [...votes].sort(
    (a, b) =>
      b.finding.confidence - a.finding.confidence ||
      rankSeverity(b.finding.severity) - rankSeverity(a.finding.severity) ||
      compareNatural(a.reviewer, b.reviewer),
  );
  return {
    path: cluster.path,
    line: pickLine(votes),
    severity: pickSeverity(votes),
    category: pickCategory(votes),
    message: composeMessage(byConfidence),
    support: votes.reduce((sum, vote) => sum + vote.weight, 0),
    supporters: votes.map((vote) => vote.reviewer).sort(compareNatural),
    voters,
    confidence:
      votes.length === 0 ? 0 : votes.reduce((sum, v) => sum + v.finding.confidence, 0) / votes.length,
  };
}

function pickLine(votes: readonly Vote[]): number {
  const counts = countBy(votes.map((vote) => vote.finding.line));
  return [...counts].sort(([lineA, a], [lineB, b]) => b - a || lineA - lineB)[0]?.[0] ?? 0;
}

function pickSeverity(votes: readonly Vote[]): Severity {
  return votes.reduce<Severity>(
    (max, vote) => (rankSeverity(vote.finding.severity) > rankSeverity(max) ? vote.finding.severity : max),
    "info",
  );
}

function pickCategory(votes: readonly Vote[]): Category {
  const counts = countBy(votes.map((vote) => vote.finding.category));
  const ranked = [...counts].sort(
    ([catA, a], [catB, b]) => b - a || categories.indexOf(catA) - categories.indexOf(catB),
  );
  return ranked[0]?.[0] ?? "bug";
}

function composeMessage(byConfidence: readonly Vote[]): string {
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const vote of byConfidence) {
    const message = vote.finding.message.trim();
    const key = normaliseMessage(message);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    messages.push(message);
  }
  const [main = "", ...others] = messages;
  return [main, ...others.slice(0, maxAlternativeMessages).map((other) => `Also: ${other}`)].join("\n\n");
}

/** Messages differing only in spacing or case say the same thing. */
export function normaliseMessage(message: string): string {
  return message.trim().replace(/\s+/g, " ").toLowerCase();
}

function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
