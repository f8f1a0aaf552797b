import type { Clearance } from "../domain/index.ts";
import type { FindingCluster } from "./cluster-findings.ts";
import { compareNatural } from "./compare-findings.ts";
import { measureSimilarity, relatedSimilarity } from "./measure-similarity.ts";
import { tokenizeMessage } from "./tokenize-message.ts";

/** One reviewer's judgement that a place is correct, with the weight its vote carries. */
export interface ClearanceVote {
  readonly reviewer: string;
  readonly weight: number;
  readonly clearance: Clearance;
}

/**
 * The clearances that contradict a cluster: from reviewers that do not support it, on the same
 * file, and either within one line of a supporter's line (a model's line numbers wander by one),
 * or within `lineTolerance` with a reason that talks about the same thing as a supporter's message
 * (Jaccard similarity of normalised tokens ≥ 0.15). A reviewer that supports the cluster and also
 * cleared the place contradicts itself; its finding stands. At most one objection per reviewer,
 * sorted by reviewer id.
 */
export function findObjections(
  cluster: FindingCluster,
  clearances: readonly ClearanceVote[],
  options: { readonly lineTolerance: number },
): ClearanceVote[] {
  const supporters = new Set(cluster.votes.map((vote) => vote.reviewer));
  const messages = cluster.votes.map((vote) => tokenizeMessage(vote.finding.message));
  const objections = new Map<string, ClearanceVote>();
  for (const vote of clearances) {
    const { clearance } = vote;
    if (supporters.has(vote.reviewer) || objections.has(vote.reviewer)) continue;
    if (clearance.path !== cluster.path) continue;
    const distance = Math.min(
      ...cluster.votes.map((supporter) => Math.abs(supporter.finding.line - clearance.line)),
    );
    if (distance > options.lineTolerance) continue;
    const reason = tokenizeMessage(clearance.reason);
    const related =
      distance <= 1 ||
      messages.some((message) => measureSimilarity(message, reason) >= relatedSimilarity.sameCategory);
    if (related) objections.set(vote.reviewer, vote);
  }
  return [...objections.values()].sort((a, b) => compareNatural(a.reviewer, b.reviewer));
}
