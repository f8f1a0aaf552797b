import {
  failedAgentPolicies,
  type AgentReport,
  type Clearance,
  type Finding,
  type FusedFinding,
  type FusedReview,
} from "../domain/index.ts";
import { capClearances, capFindings } from "./cap-findings.ts";
import { clusterFindings, type Vote } from "./cluster-findings.ts";
import { compareBySeverityThenPlace, compareNatural, compareText, rankSeverity } from "./compare-findings.ts";
import { findObjections, type ClearanceVote } from "./find-objections.ts";
import { defaultFuseOptions, type FuseOptions } from "./fuse-options.ts";
import { meetsQuorum } from "./meets-quorum.ts";
import { reduceCluster, type Electorate } from "./reduce-cluster.ts";
import { sumUsage } from "./sum-usage.ts";
import { clampUnit } from "./weigh-vote.ts";

type FailedAgent = FusedReview["failedAgents"][number];

/** What one chunk's reviewers said. */
interface ChunkBallot {
  /** Reviewer id → vote weight, for reviewers whose report on this chunk is ok. */
  readonly voters: Map<string, number>;
  /** Reviewer id → vote weight, for reviewers with only failed reports on this chunk. */
  readonly failed: Map<string, number>;
  /** Reviewer id → its findings on this chunk. */
  readonly findings: Map<string, Finding[]>;
  /** Reviewer id → the places it judged correct on this chunk. */
  readonly clearances: Map<string, Clearance[]>;
}

/**
 * Fuses the review agents' reports into one review by weighted vote.
 *
 * Per chunk, the electorate is the reviewers whose report is ok plus, under the default
 * `failedAgents: "abstain"`, those that failed (they support nothing, so a lone survivor cannot
 * make a majority); under "exclude" the failed ones leave the electorate. Failed reports are listed
 * in `failedAgents` (unless the same reviewer also has an ok report for that chunk, as after a
 * successful retry). Each reviewer's findings and "looks correct" judgements are capped, findings
 * are clustered by place and problem (see `clusterFindings`), each cluster is reduced to one
 * finding, and contradicting judgements are attached to it (see `findObjections`).
 *
 * A cluster whose support (see `weighVote`) meets the quorum and whose severity is at least
 * `minSeverity` is agreed — unless objections weigh at least `disputeRatio` of its support: then
 * it is disputed. Everything else is not agreed. Lists are sorted most severe first. The result
 * does not depend on the order of `reports`.
 *
 * Throws a RangeError for invalid numeric options.
 */
export function fuseReviews(
  reports: readonly AgentReport[],
  options: Partial<FuseOptions> = {},
): FusedReview {
  const settings = resolveFuseOptions(options);
  const ballots = collectBallots(reports);
  const agreed: FusedFinding[] = [];
  const notAgreed: FusedFinding[] = [];
  const disputed: FusedFinding[] = [];

  for (const ballot of ballots.values()) {
    diluteFlooders(ballot, settings.floodAllowance);
    const electorate = describeElectorate(ballot, settings);
    const votes: Vote[] = [...ballot.findings].flatMap(([reviewer, findings]) =>
      capFindings(findings.map(clampConfidence), settings.maxFindingsPerAgent).map((finding) => ({
        reviewer,
        weight: ballot.voters.get(reviewer) ?? 0,
        finding,
      })),
    );
    const clearances: ClearanceVote[] = [...ballot.clearances]
      .sort(([a], [b]) => compareNatural(a, b))
      .flatMap(([reviewer, list]) =>
        capClearances(list, settings.maxFindingsPerAgent).map((clearance) => ({
          reviewer,
          weight: ballot.voters.get(reviewer) ?? 0,
          clearance,
        })),
      );
    for (const cluster of clusterFindings(votes, settings)) {
      const objections = findObjections(cluster, clearances, settings);
      const fused = reduceCluster(cluster, electorate, objections);
      const posted =
        meetsQuorum(fused.support, electorate.weight, settings.quorum) &&
        rankSeverity(fused.severity) >= rankSeverity(settings.minSeverity);
      const opposition = fused.opposition ?? 0;
      const contested = opposition > 0 && opposition >= settings.disputeRatio * fused.support - 1e-9;
      (posted ? (contested ? disputed : agreed) : notAgreed).push(fused);
    }
  }

  return {
    agreed: agreed.sort(compareFused),
    notAgreed: notAgreed.sort(compareFused),
    disputed: disputed.sort(compareFused),
    skippedFiles: settings.skippedFiles,
    failedAgents: collectFailures(reports, ballots),
    failedAgentPolicy: settings.failedAgents,
    reviewers: new Set(reports.map((report) => report.agent.reviewer)).size,
    usage: sumUsage(reports.map((report) => report.usage)),
  };
}

/** Fills in defaults and rejects options that would make every vote meaningless. */
export function resolveFuseOptions(options: Partial<FuseOptions> = {}): FuseOptions {
  const entries: [string, unknown][] = Object.entries(options);
  const settings: FuseOptions = {
    ...defaultFuseOptions,
    ...Object.fromEntries(entries.filter(([, value]) => value !== undefined)),
  };
  if (!(settings.lineTolerance >= 0)) {
    throw new RangeError(`fuse option lineTolerance must be >= 0, got ${settings.lineTolerance}`);
  }
  if (!Number.isInteger(settings.maxFindingsPerAgent) || settings.maxFindingsPerAgent < 1) {
    throw new RangeError(
      `fuse option maxFindingsPerAgent must be an integer >= 1, got ${settings.maxFindingsPerAgent}`,
    );
  }
  if (typeof settings.quorum === "number" && !(settings.quorum > 0)) {
    throw new RangeError(
      `fuse option quorum must be "majority", "all" or a number > 0, got ${settings.quorum}`,
    );
  }
  if (!(settings.floodAllowance >= 1)) {
    throw new RangeError(`fuse option floodAllowance must be >= 1, got ${settings.floodAllowance}`);
  }
  if (!(settings.disputeRatio > 0)) {
    throw new RangeError(`fuse option disputeRatio must be > 0, got ${settings.disputeRatio}`);
  }
  // Options can come from untyped config: check the value, not just the type.
  if (!(failedAgentPolicies as readonly string[]).includes(settings.failedAgents)) {
    throw new RangeError(
      `fuse option failedAgents must be "abstain" or "exclude", got ${JSON.stringify(settings.failedAgents)}`,
    );
  }
  return settings;
}

/**
 * Scales down the vote weight of reviewers that flood the chunk (see `FuseOptions.floodAllowance`).
 * Counts are of distinct findings before the cap: the cap bounds what is shown, this bounds influence.
 */
function diluteFlooders(ballot: ChunkBallot, floodAllowance: number): void {
  const counts = new Map(
    [...ballot.voters.keys()].map((reviewer) => [reviewer, ballot.findings.get(reviewer)?.length ?? 0]),
  );
  for (const [reviewer, count] of counts) {
    const peers = [...counts].filter(([other]) => other !== reviewer).map(([, n]) => n);
    const allowance = Math.max(floodAllowance, 2 * median(peers));
    if (count <= allowance) continue;
    ballot.voters.set(reviewer, (ballot.voters.get(reviewer) ?? 0) * (allowance / count));
  }
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The chunk's electorate. Summed in reviewer order: float addition is not associative. */
function describeElectorate(ballot: ChunkBallot, settings: FuseOptions): Electorate {
  const members = [...ballot.voters, ...(settings.failedAgents === "abstain" ? ballot.failed : [])].sort(
    ([a], [b]) => compareNatural(a, b),
  );
  return {
    weight: members.reduce((sum, [, weight]) => sum + weight, 0),
    agents: members.length,
    weighted: members.some(([, weight]) => weight !== 1),
  };
}

/** Groups reports by chunk, merging repeated reports of one reviewer (re-delivered jobs). */
function collectBallots(reports: readonly AgentReport[]): Map<string, ChunkBallot> {
  const ballots = new Map<string, ChunkBallot>();
  const ballotOf = (chunkId: string): ChunkBallot => {
    let ballot = ballots.get(chunkId);
    if (!ballot) {
      ballot = { voters: new Map(), failed: new Map(), findings: new Map(), clearances: new Map() };
      ballots.set(chunkId, ballot);
    }
    return ballot;
  };
  const sorted = [...reports].sort((a, b) => compareNatural(a.chunkId, b.chunkId));
  for (const report of sorted) {
    if (report.status !== "ok") continue;
    const ballot = ballotOf(report.chunkId);
    const { reviewer } = report.agent;
    ballot.voters.set(
      reviewer,
      Math.max(ballot.voters.get(reviewer) ?? 0, normaliseWeight(report.agent.weight)),
    );
    const known = ballot.findings.get(reviewer) ?? [];
    const seen = new Set(known.map(keyOf));
    ballot.findings.set(reviewer, [
      ...known,
      ...report.findings.filter((finding) => !seen.has(keyOf(finding))),
    ]);
    const cleared = ballot.clearances.get(reviewer) ?? [];
    ballot.clearances.set(reviewer, [...cleared, ...(report.clearances ?? [])]);
  }
  for (const report of sorted) {
    if (report.status !== "failed") continue;
    const ballot = ballots.get(report.chunkId);
    // A chunk nobody answered has nothing to vote on; it is reported as unreviewed.
    if (!ballot || ballot.voters.has(report.agent.reviewer)) continue;
    const weight = report.agent.weight > 0 ? normaliseWeight(report.agent.weight) : 1;
    ballot.failed.set(report.agent.reviewer, Math.max(ballot.failed.get(report.agent.reviewer) ?? 0, weight));
  }
  return ballots;
}

function collectFailures(reports: readonly AgentReport[], ballots: Map<string, ChunkBallot>): FailedAgent[] {
  const failures = new Map<string, FailedAgent>();
  for (const report of reports) {
    if (report.status !== "failed") continue;
    if (ballots.get(report.chunkId)?.voters.has(report.agent.reviewer)) continue;
    const failure = { reviewer: report.agent.reviewer, chunkId: report.chunkId, reason: report.reason };
    failures.set(JSON.stringify([failure.chunkId, failure.reviewer, failure.reason]), failure);
  }
  return [...failures.values()].sort(
    (a, b) =>
      compareNatural(a.chunkId, b.chunkId) ||
      compareNatural(a.reviewer, b.reviewer) ||
      compareText(a.reason, b.reason),
  );
}

/**
 * The pool file validates weights; anything else reaching here (a report without one from an
 * older worker) takes the documented default of 1, and a negative weight cannot subtract votes.
 */
function normaliseWeight(weight: number | undefined): number {
  if (typeof weight !== "number" || !Number.isFinite(weight)) return 1;
  return Math.max(0, weight);
}

/** Confidence is model output: keep it in 0..1 so one agent claiming 7 cannot skew the mean. */
function clampConfidence(finding: Finding): Finding {
  const confidence = clampUnit(finding.confidence);
  return confidence === finding.confidence ? finding : { ...finding, confidence };
}

function keyOf(finding: Finding): string {
  return JSON.stringify([
    finding.path,
    finding.line,
    finding.severity,
    finding.category,
    finding.message,
    finding.confidence,
  ]);
}

function compareFused(a: FusedFinding, b: FusedFinding): number {
  return (
    compareBySeverityThenPlace(a, b) ||
    b.support - a.support ||
    compareText(a.category, b.category) ||
    compareText(a.supporters.join(","), b.supporters.join(","))
  );
}
