import { formatBytes } from "../pool/index.ts";
import type { LivePools } from "./read-live-pools.ts";

/** Pure: 3_725 s → "1h 2m". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

const percent = (ratio: number): string => `${Math.round(ratio * 100)}%`;

/**
 * Pure: the live half of `quorum pool`, one block per running process and one line per model:
 * instances busy and idle, calls waiting, throughput, utilisation, reused prefixes, memory.
 */
export function renderLivePools(live: LivePools, nowMs: number): string {
  const where = `Redis ${live.redis}, prefix "${live.prefix}"`;
  if ("unavailable" in live) {
    return `Live state: not available: ${live.unavailable}. Start Quorum (or set REDIS_URL) to see running pools.\n`;
  }
  if (live.states.length === 0) {
    return `Live state (${where}): no Quorum process with a model pool is running.\n`;
  }
  const lines = [
    `Live state (${where}): ${live.states.length} process${live.states.length === 1 ? "" : "es"}`,
  ];
  for (const state of live.states) {
    lines.push(
      `  ${state.name} [${state.roles.join(", ")}] on ${state.host}, up ${formatDuration((nowMs - state.startedAt) / 1000)}, ` +
        `last beat ${formatDuration((nowMs - state.updatedAt) / 1000)} ago, ${formatBytes(state.pool.residentMemoryBytes)} resident`,
    );
    for (const m of state.pool.members) {
      lines.push(
        `    ${m.name} (${m.backend}): ${m.busy} busy, ${Math.max(0, m.instances - m.busy)} idle, ${m.queued} waiting; ` +
          `${Math.round(m.tokensPerSecond)} tokens/s, utilisation ${percent(m.utilisation)}, ` +
          `reused prefix ${percent(m.reusedPromptRatio)}, ${m.calls} calls (${m.failures} failed)`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
