import type { Finding } from "../domain/index.ts";
import { compareNatural, compareText, rankSeverity } from "./compare-findings.ts";
import { isSameProblem, measureSimilarity } from "./measure-similarity.ts";
import { normaliseMessage } from "./normalise-message.ts";
import { tokenizeMessage } from "./tokenize-message.ts";

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

interface OpenCluster {
  readonly path: string;
  readonly anchorLine: number;
  /** Every finding that joined, duplicates included: each can vouch for the next one's text. */
  readonly members: { readonly finding: Finding; readonly tokens: readonly string[] }[];
  readonly votes: Map<string, Vote>;
}

/**
 * Groups votes about the same problem at the same place: same file, line within `lineTolerance`
 * of the cluster's anchor (its first line, so clusters cannot creep down a file through a chain of
 * neighbours), and a finding in the cluster that is about the same problem: the same category on
 * the same line, or a message alike by Jaccard similarity of normalised tokens — at least 0.15
 * for the same category, 0.4 across categories (see `isSameProblem`). Two problems on one line
 * therefore stay apart while paraphrases of one problem, and exact or near duplicates, collapse. Among several fitting clusters a vote joins the
 * one with the most similar message, then the nearest anchor.
 *
 * A reviewer appears once per cluster, by its most confident finding there: saying the same thing
 * twice is not two votes. Votes are put in a canonical order first, so the clusters do not depend
 * on report order.
 */
export function clusterFindings(votes: readonly Vote[], options: ClusterOptions): FindingCluster[] {
  const clusters: OpenCluster[] = [];
  for (const vote of [...votes].sort(compareVotes)) {
    const tokens = tokenizeMessage(vote.finding.message);
    const home = findHome(clusters, vote.finding, tokens, options) ?? openCluster(clusters, vote.finding);
    home.members.push({ finding: vote.finding, tokens });
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

/** How alike two findings' messages are: identical text counts fully even without content words. */
export function compareMessages(
  a: { readonly message: string; readonly tokens: readonly string[] },
  b: { readonly message: string; readonly tokens: readonly string[] },
): number {
  if (normaliseMessage(a.message) === normaliseMessage(b.message)) return 1;
  return measureSimilarity(a.tokens, b.tokens);
}

function findHome(
  clusters: readonly OpenCluster[],
  finding: Finding,
  tokens: readonly string[],
  options: ClusterOptions,
): OpenCluster | undefined {
  let best: { cluster: OpenCluster; similarity: number; distance: number } | undefined;
  for (const cluster of clusters) {
    const distance = Math.abs(finding.line - cluster.anchorLine);
    if (cluster.path !== finding.path || distance > options.lineTolerance) continue;
    let similarity = -1;
    for (const member of cluster.members) {
      const score = compareMessages(
        { message: finding.message, tokens },
        { message: member.finding.message, tokens: member.tokens },
      );
      const place = {
        sameCategory: member.finding.category === finding.category,
        sameLine: member.finding.line === finding.line,
      };
      if (isSameProblem(score, place)) similarity = Math.max(similarity, score);
    }
    if (similarity < 0) continue;
    // Later clusters win ties: with votes sorted by line, their anchors are nearer.
    if (
      !best ||
      similarity > best.similarity ||
      (similarity === best.similarity && distance <= best.distance)
    ) {
      best = { cluster, similarity, distance };
    }
  }
  return best?.cluster;
}

function openCluster(clusters: OpenCluster[], finding: Finding): OpenCluster {
  const cluster: OpenCluster = {
    path: finding.path,
    anchorLine: finding.line,
    members: [],
    votes: new Map(),
  };
  clusters.push(cluster);
  return cluster;
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
