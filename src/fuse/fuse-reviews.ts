import type { AgentReport, Finding, FusedFinding, FusedReview } from "../domain/index.ts";
import { capFindings } from "./cap-findings.ts";
import { clusterFindings, type Vote } from "./cluster-findings.ts";
import { compareBySeverityThenPlace, compareNatural, compareText, rankSeverity } from "./compare-findings.ts";
import { defaultFuseOptions, type FuseOptions } from "./fuse-options.ts";
import { meetsQuorum } from "./meets-quorum.ts";
import { reduceCluster } from "./reduce-cluster.ts";
import { sumUsage } from "./sum-usage.ts";

type FailedAgent = FusedReview["failedAgents"][number];

/** What one chunk's successful reviewers said. */
interface ChunkBallot {
  /** Reviewer id → vote weight, for reviewers whose report on this chunk is ok. */
  readonly voters: Map<string, number>;
  /** Reviewer id → its findings on this chunk. */
  readonly findings: Map<string, Finding[]>;
}

/**
 * Fuses the review agents' reports into one review by weighted vote.
 *
 * Per chunk, only reviewers whose report is ok vote, and the quorum is measured against their
 * total weight: a timed-out agent neither supports nor opposes anything. Failed reports are
 * listed in `failedAgents` (unless the same reviewer also has an ok report for that chunk, as
 * after a successful retry). Each reviewer's findings are capped, clustered by place, reduced to
 * one finding per cluster, and sorted most severe first. Clusters that reach quorum but are below
 * `minSeverity` go to `notAgreed`. The result does not depend on the order of `reports`.
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

  for (const ballot of ballots.values()) {
    // Summed in reviewer order: float addition is not associative, and report order must not matter.
    const totalWeight = [...ballot.voters]
      .sort(([a], [b]) => compareNatural(a, b))
      .reduce((sum, [, weight]) => sum + weight, 0);
    const votes: Vote[] = [...ballot.findings].flatMap(([reviewer, findings]) =>
      capFindings(findings.map(clampConfidence), settings.maxFindingsPerAgent).map((finding) => ({
        reviewer,
        weight: ballot.voters.get(reviewer) ?? 0,
        finding,
      })),
    );
    for (const cluster of clusterFindings(votes, settings)) {
      const fused = reduceCluster(cluster, totalWeight);
      const posted =
        meetsQuorum(fused.support, totalWeight, settings.quorum) &&
        rankSeverity(fused.severity) >= rankSeverity(settings.minSeverity);
      (posted ? agreed : notAgreed).push(fused);
    }
  }

  return {
    agreed: agreed.sort(compareFused),
    notAgreed: notAgreed.sort(compareFused),
    skippedFiles: settings.skippedFiles,
    failedAgents: collectFailures(reports, ballots),
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
  return settings;
}

/** Groups ok reports by chunk, merging repeated reports of one reviewer (re-delivered jobs). */
function collectBallots(reports: readonly AgentReport[]): Map<string, ChunkBallot> {
  const ballots = new Map<string, ChunkBallot>();
  const sorted = [...reports].sort((a, b) => compareNatural(a.chunkId, b.chunkId));
  for (const report of sorted) {
    if (report.status !== "ok") continue;
    let ballot = ballots.get(report.chunkId);
    if (!ballot) {
      ballot = { voters: new Map(), findings: new Map() };
      ballots.set(report.chunkId, ballot);
    }
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
  const confidence = Number.isFinite(finding.confidence) ? Math.min(1, Math.max(0, finding.confidence)) : 0;
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
