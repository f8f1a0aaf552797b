import type { FusedFinding } from "../domain/index.ts";
import { formatWeight } from "./format-numbers.ts";

/**
 * How many agents stand behind a finding, for the "not agreed" and "disputed" lists: "1/3 agents",
 * "1/3 agents · weight 3/5" when models weigh differently, plus ", 2 disagree" when agents judged
 * the place correct.
 */
export function formatSupport(finding: FusedFinding): string {
  if (finding.agents === undefined) return formatLegacySupport(finding);
  const weight = finding.weighted === true ? ` · weight ${formatWeights(finding)}` : "";
  return `${finding.supporters.length}/${finding.agents} agents${weight}${formatObjections(finding, ", ")}`;
}

/**
 * The footer facts of an agreed finding: "2/3 agents agree · confidence 0.74", with the weights
 * when models weigh differently ("1/3 agents agree (weight 3/5)"), objections ("· 1 disagrees")
 * and the verification outcome when there is one. The confidence is Quorum's score of the finding
 * (agreement, weights, the agents' own confidence, severity consensus, objections), or the agents'
 * mean confidence for results of older workers.
 */
export function formatAgreement(finding: FusedFinding): string {
  const confidence = ` · confidence ${(finding.score ?? finding.confidence).toFixed(2)}`;
  if (finding.agents === undefined) return `${formatLegacyAgreement(finding)}${confidence}`;
  const count = finding.supporters.length;
  const weight = finding.weighted === true ? ` (weight ${formatWeights(finding)})` : "";
  const verification =
    finding.verification === "confirmed"
      ? " · verified"
      : finding.verification === "refuted"
        ? " · verification failed"
        : "";
  // "1/3 agents agree" reads as a fraction of the agents, so the verb stays plural.
  return `${count}/${finding.agents} agents agree${weight}${formatObjections(finding, " · ")}${confidence}${verification}`;
}

function formatObjections(finding: FusedFinding, separator: string): string {
  const count = finding.objections?.length ?? 0;
  if (count === 0) return "";
  return `${separator}${count} ${count === 1 ? "disagrees" : "disagree"}`;
}

/** Results of older workers lack the head count: support equal to it means unit weights. */
function formatLegacySupport(finding: FusedFinding): string {
  if (hasUnitWeights(finding)) return `${finding.supporters.length}/${finding.voters} agents`;
  return `${formatAgents(finding.supporters.length)} · weight ${formatWeights(finding)}`;
}

function formatLegacyAgreement(finding: FusedFinding): string {
  const count = finding.supporters.length;
  return hasUnitWeights(finding)
    ? `${count}/${finding.voters} agents agree`
    : `${formatAgents(count)} ${count === 1 ? "agrees" : "agree"} (weight ${formatWeights(finding)})`;
}

function hasUnitWeights(finding: FusedFinding): boolean {
  return finding.support === finding.supporters.length && Number.isInteger(finding.voters);
}

function formatAgents(count: number): string {
  return `${count} ${count === 1 ? "agent" : "agents"}`;
}

function formatWeights(finding: FusedFinding): string {
  return `${formatWeight(finding.support)}/${formatWeight(finding.voters)}`;
}
