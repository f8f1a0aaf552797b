import type { Finding } from "../domain/index.ts";
import { compareNatural, compareText, rankSeverity } from "./compare-findings.ts";

/** One reviewer's finding, with the weight its vote carries. */
export interface Vote {
  readonly reviewer: string;
  readonly weight: number;
  readonly finding: Finding;
}

/** Findings judged to be about the same thing: at most one vote per reviewer. */
export interface FindingCluster {
  readonly path: string;
  /** The lowest line in the cluster; others are within the tolerance of it. */
  readonly anchorLine: number;
  /** One vote per reviewer, sorted by reviewer id. */
  readonly votes: readonly Vote[];
}

export interface ClusterOptions {
  readonly lineTolerance: number;
}

/**
 * Groups votes that point at the same place: same file, line within `lineTolerance` of the
 * cluster's anchor (its first line, so clusters cannot creep down a file through a chain of
 * neighbours). A reviewer appears once per cluster, by its most confident finding there: saying
 * the same thing twice is not two votes.
 *
 * Votes are put in a canonical order first, so the clusters do not depend on report order.
 * `belongsTo` is the single place deciding membership; message similarity and contradictions
 * can refine it without touching the rest of the fusion.
 */
export function clusterFindings(votes: readonly Vote[], options: ClusterOptions): FindingCluster[] {
  const clusters: { path: string; anchorLine: number; votes: Map<string, Vote> }[] = [];
  for (const vote of [...votes].sort(compareVotes)) {
    let home: (typeof clusters)[number] | undefined;
    // Latest cluster first: with votes sorted by line, it has the nearest anchor.
    for (let i = clusters.length - 1; i >= 0; i--) {
      const candidate = clusters[i];
      if (candidate && belongsTo(candidate, vote, options)) {
        home = candidate;
        break;
      }
    }
    if (!home) {
      home = { path: vote.finding.path, anchorLine: vote.finding.line, votes: new Map() };
      clusters.push(home);
    }
    const previous = home.votes.get(vote.reviewer);
    if (!previous || vote.finding.confidence > previous.finding.confidence)
      home.votes.set(vote.reviewer, vote);
  }
  return clusters.map((cluster) => ({
    path: cluster.path,
    anchorLine: cluster.anchorLine,
    votes: [...cluster.votes.values()].sort((a, b) => compareNatural(a.reviewer, b.reviewer)),
  }));
}

function belongsTo(
  cluster: { readonly path: string; readonly anchorLine: number },
  vote: Vote,
  options: ClusterOptions,
): boolean {
  return (
    cluster.path === vote.finding.path &&
    Math.abs(vote.finding.line - cluster.anchorLine) <= options.lineTolerance
  );
}

function compareVotes(a: Vote, b: Vote): number {
  return (
    compareText(a.finding.path, b.finding.path) ||
    a.finding.line - b.finding.line ||
    compareNatural(a.reviewer, b.reviewer) ||
    b.finding.confidence - a.finding.confidence ||
    rankSeverity(b.finding.severity) - rankSeverity(a.finding.severity) ||
    compareText(a.finding.category, b.finding.category) ||
    compareText(a.finding.message, b.finding.message) ||
    b.weight - a.weight
  );
}
