import type { PoolPlanReport } from "./describe-pool-plan.ts";
import { formatBytes } from "./plan-pool.ts";

/** The plan as a plain-text table for a terminal: machine, one row per model, totals, notes. */
export function renderPoolPlan(report: PoolPlanReport): string {
  const { machine } = report;
  const lines: string[] = [];
  lines.push(
    `Machine: ${machine.cores} cores, ${formatBytes(machine.totalRamBytes)} RAM ` +
      `(${formatBytes(machine.freeRamBytes)} free − ${formatBytes(machine.reserveRamBytes)} reserve = ` +
      `${formatBytes(report.ramBudgetBytes)} for models), ` +
      (machine.gpu === false
        ? "GPU: none"
        : `GPU: ${machine.gpu} (${formatBytes(machine.freeVramBytes)} VRAM free, ${formatBytes(report.vramBudgetBytes)} usable)`),
    "",
  );

  const header = [
    "model",
    "backend",
    "quant",
    "roles",
    "instances",
    "context",
    "per instance",
    "buffers",
    "weights",
    "total RAM",
    "total VRAM",
    "threads",
    "flash attn",
    "GPU layers",
  ];
  const rows: string[][] = report.local.map((m) => [
    m.name,
    "llama",
    m.quantisation ?? "?",
    m.roles.join(","),
    String(m.instances),
    String(m.contextSize),
    formatBytes(m.perInstanceBytes),
    formatBytes(m.contextFixedBytes),
    formatBytes(m.weightsRamBytes + m.weightsVramBytes),
    formatBytes(m.totalRamBytes),
    formatBytes(m.totalVramBytes),
    `${m.threads} (${m.threadsSource})`,
    m.flashAttention === "auto" ? "auto" : m.flashAttention ? "on" : "off",
    `${m.gpuLayers}/${m.totalLayers}`,
  ]);
  for (const r of report.remote) {
    rows.push([
      r.name,
      "remote",
      "-",
      r.roles.join(","),
      `${r.concurrency} at once`,
      ...Array<string>(9).fill("-"),
    ]);
  }
  lines.push(...renderTable([header, ...rows]), "");
  lines.push(
    `Planned: ${formatBytes(report.totalRamBytes)} of ${formatBytes(report.ramBudgetBytes)} RAM` +
      (machine.gpu === false
        ? "."
        : `, ${formatBytes(report.totalVramBytes)} of ${formatBytes(report.vramBudgetBytes)} VRAM.`),
  );

  const calibrated = report.local.filter((m) => m.threadRates !== undefined);
  for (const m of calibrated) {
    const rates = Object.entries(m.threadRates ?? {})
      .map(([threads, rate]) => `${threads} → ${Math.round(rate)} tokens/s`)
      .join(", ");
    lines.push(`Threads for ${m.name}, measured: ${rates}.`);
  }
  for (const m of report.local) {
    if (m.promptRates === undefined) continue;
    lines.push(
      `Prompt evaluation for ${m.name}, measured: flash attention off → ${Math.round(m.promptRates.off)} tokens/s, on → ${Math.round(m.promptRates.on)} tokens/s.`,
    );
  }
  for (const r of report.remote)
    lines.push(`Endpoint for ${r.name}: ${r.endpoint} (model "${r.model}", ${r.api} API).`);
  for (const m of report.local) for (const note of m.notes) lines.push(`Note for ${m.name}: ${note}.`);
  return `${lines.join("\n")}\n`;
}

function renderTable(rows: readonly (readonly string[])[]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}
