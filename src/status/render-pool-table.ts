import { formatBytes, type MemberMetrics } from "../pool/index.ts";
import { formatCount, formatDuration } from "../report/index.ts";
import { escapeHtml } from "./escape-html.ts";
import type { PoolState } from "./pool-state.ts";

/** Beyond this many instances a member's slots are summarised instead of drawn one by one. */
const maxDrawnSlots = 32;

function renderSlots(member: MemberMetrics): string {
  if (member.instances > maxDrawnSlots) return "";
  const slots = Array.from({ length: member.instances }, (_, i) =>
    i < member.busy ? '<span class="slot busy"></span>' : '<span class="slot idle"></span>',
  );
  return `<span class="slots">${slots.join("")}</span>`;
}

function percentOf(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

function renderMember(member: MemberMetrics): string {
  const idle = Math.max(0, member.instances - member.busy);
  const cells = [
    `<td class="model">${escapeHtml(member.name)}</td>`,
    `<td>${member.backend}</td>`,
    `<td>${escapeHtml(member.roles.join(", "))}</td>`,
    `<td class="instances">${renderSlots(member)}${member.busy} busy · ${idle} idle</td>`,
    `<td class="num">${member.queued}</td>`,
    `<td class="num tokens-per-second">${member.tokensPerSecond.toFixed(1)}</td>`,
    `<td class="num">${percentOf(member.utilisation)}</td>`,
    `<td class="num">${percentOf(member.reusedPromptRatio)}</td>`,
    `<td class="num">${formatCount(member.calls)}${member.failures > 0 ? ` (${formatCount(member.failures)} failed)` : ""}</td>`,
    `<td class="num">${member.plannedMemoryBytes > 0 ? formatBytes(member.plannedMemoryBytes) : "—"}</td>`,
    `<td class="num">${Number.isFinite(member.contextSize) ? formatCount(member.contextSize) : "—"}</td>`,
  ];
  return `<tr data-model="${escapeHtml(member.name)}" data-busy="${member.busy}" data-instances="${member.instances}">${cells.join("")}</tr>`;
}

function renderWorker(state: PoolState, now: number): string {
  const facts = [
    `${escapeHtml(state.host)} · pid ${state.pid}`,
    escapeHtml(state.roles.join(" + ")),
    `up ${formatDuration(state.pool.uptimeSeconds * 1000)}`,
    `seen ${formatDuration(Math.max(0, now - state.updatedAt))} ago`,
    `process ${formatBytes(state.pool.residentMemoryBytes)}`,
    `free ${formatBytes(state.pool.freeMemoryBytes)}`,
  ];
  return [
    `<section class="worker" data-worker="${escapeHtml(state.name)}">`,
    `<h3>${escapeHtml(state.name)} <small>${facts.join(" · ")}</small></h3>`,
    '<table class="pool"><thead><tr>',
    "<th>model</th><th>backend</th><th>roles</th><th>instances</th><th>waiting calls</th><th>tokens/s</th><th>utilisation</th><th>prefix reuse</th><th>calls</th><th>memory</th><th>context</th>",
    "</tr></thead><tbody>",
    ...state.pool.members.map(renderMember),
    "</tbody></table>",
    "</section>",
  ].join("");
}

/** Every live worker's pool: its models, busy and idle instances, throughput and memory. */
export function renderPoolTable(states: readonly PoolState[], now: number): string {
  if (states.length === 0) {
    return '<p class="empty">No live worker with a model pool on this Redis: start <code>quorum serve</code> or <code>quorum worker</code>.</p>';
  }
  return states.map((state) => renderWorker(state, now)).join("");
}
