import { categories, type Category, type FusedFinding, type Severity } from "../domain/index.ts";
import type { FindingCluster, Vote } from "./cluster-findings.ts";
import { compareNatural, rankSeverity } from "./compare-findings.ts";
import type { ClearanceVote } from "./find-objections.ts";
import { normaliseMessage } from "./normalise-message.ts";
import { scoreFinding } from "./score-finding.ts";
import { weighVote } from "./weigh-vote.ts";

export { normaliseMessage } from "./normalise-message.ts";

/** How many differing phrasings from other supporters are kept after the main message. */
const maxAlternativeMessages = 2;

/** Who could vote on a chunk. */
export interface Electorate {
  /** Total model weight. */
  readonly weight: number;
  /** Head count. Default: the weight, rounded. */
  readonly agents?: number | undefined;
  /** Some voter does not weigh 1. Default: false. */
  readonly weighted?: boolean | undefined;
}

/**
 * Reduces a cluster to the one finding shown to the author: the line most supporters chose (ties:
 * the lowest), the most severe severity any supporter gave (a reviewer who saw a critical bug
 * should not be outvoted into "minor"), the most common category, and the most confident
 * supporter's message followed by up to two differently worded ones ("Also: …"), since another
 * phrasing often carries the detail the first one missed. Support is the sum of `weighVote` over
 * the supporters; `objections` (see `findObjections`) are recorded with their weight and lower the
 * score (see `scoreFinding`). `electorate` is the chunk's voters, or just their total weight.
 */
export function reduceCluster(
  cluster: FindingCluster,
  electorate: number | Electorate,
  objections: readonly ClearanceVote[] = [],
): FusedFinding {
  const voters = typeof electorate === "number" ? { weight: electorate } : electorate;
  const votes = cluster.votes;
  const byConfidence = [...votes].sort(
    (a, b) =>
      b.finding.confidence - a.finding.confidence ||
      rankSeverity(b.finding.severity) - rankSeverity(a.finding.severity) ||
      compareNatural(a.reviewer, b.reviewer),
  );
  const severity = pickSeverity(votes);
  const support = sum(votes.map((vote) => weighVote(vote.weight, vote.finding.confidence)));
  const opposition = sum(objections.map((objection) => Math.max(0, objection.weight)));
  const confidence = votes.length === 0 ? 0 : sum(votes.map((v) => v.finding.confidence)) / votes.length;
  return {
    path: cluster.path,
    line: pickLine(votes),
    severity,
    category: pickCategory(votes),
    message: composeMessage(byConfidence),
    support,
    supporters: votes.map((vote) => vote.reviewer).sort(compareNatural),
    voters: voters.weight,
    confidence,
    agents: voters.agents ?? Math.round(voters.weight),
    weighted: voters.weighted ?? false,
    objections: objections.map((objection) => ({
      reviewer: objection.reviewer,
      reason: objection.clearance.reason,
    })),
    opposition,
    score: scoreFinding({
      support,
      opposition,
      voters: voters.weight,
      selfConfidence: weightedConfidence(votes),
      severityConsensus: measureSeverityConsensus(votes, severity),
    }),
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

/** Supporters' own confidence, weighted by model weight (plain mean when every weight is 0). */
function weightedConfidence(votes: readonly Vote[]): number {
  const total = sum(votes.map((vote) => Math.max(0, vote.weight)));
  if (total === 0) return votes.length === 0 ? 0 : sum(votes.map((v) => v.finding.confidence)) / votes.length;
  return sum(votes.map((vote) => Math.max(0, vote.weight) * vote.finding.confidence)) / total;
}

/** Share of the support from supporters who rated the severity within one step of the fused one. */
function measureSeverityConsensus(votes: readonly Vote[], severity: Severity): number {
  const total = sum(votes.map((vote) => weighVote(vote.weight, vote.finding.confidence)));
  if (total === 0) return 0;
  const close = votes.filter(
    (vote) => Math.abs(rankSeverity(vote.finding.severity) - rankSeverity(severity)) <= 1,
  );
  return sum(close.map((vote) => weighVote(vote.weight, vote.finding.confidence))) / total;
}

/** Sums in the given order: callers pass votes sorted by reviewer, so results do not depend on report order. */
function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
