import type { FusedFinding } from "../domain/index.ts";
import { formatWeight } from "./format-numbers.ts";

/**
 * How many agents stand behind a finding: "2/3 agents" when every model weighs 1, otherwise the
 * head count and the weights ("1 agent · weight 3/5") so a heavy model's solo vote shows as such.
 */
export function formatSupport(finding: FusedFinding): string {
  if (hasUnitWeights(finding)) return `${finding.supporters.length}/${finding.voters} agents`;
  return `${formatAgents(finding.supporters.length)} · weight ${formatWeights(finding)}`;
}

/** "2/3 agents agree · confidence 0.74", or "1 agent agrees (weight 3/5) · confidence 0.74". */
export function formatAgreement(finding: FusedFinding): string {
  const count = finding.supporters.length;
  const who = hasUnitWeights(finding)
    ? `${count}/${finding.voters} agents agree`
    : `${formatAgents(count)} ${count === 1 ? "agrees" : "agree"} (weight ${formatWeights(finding)})`;
  return `${who} · confidence ${finding.confidence.toFixed(2)}`;
}

/** Support equal to the head count over a whole-number total is what unit weights produce. */
function hasUnitWeights(finding: FusedFinding): boolean {
  return finding.support === finding.supporters.length && Number.isInteger(finding.voters);
}

function formatAgents(count: number): string {
  return `${count} ${count === 1 ? "agent" : "agents"}`;
}

function formatWeights(finding: FusedFinding): string {
  return `${formatWeight(finding.support)}/${formatWeight(finding.voters)}`;
}
