import { verdicts, type DoctorCheck, type Verdict } from "./doctor-check.ts";
import type { DoctorReport } from "./run-doctor.ts";

export interface TableOptions {
  /** ANSI colours for the verdicts (a terminal). Default: false. */
  readonly color?: boolean;
}

const colors: Record<Verdict, string> = { ok: "\u001b[32m", warn: "\u001b[33m", fail: "\u001b[31m" };
const reset = "\u001b[0m";
const maxNameWidth = 28;

/** The report as an aligned table: one line per check, and the fix under each non-ok line. */
export function renderDoctorTable(report: DoctorReport, options: TableOptions = {}): string {
  const rows = report.checks.map((check) => ({ check, label: `${check.section} ${check.name}` }));
  const labelWidth = Math.min(maxNameWidth, Math.max(...rows.map((r) => r.label.length)));
  const indent = " ".repeat(4 + 2 + labelWidth + 2);
  const lines = [`quorum doctor: ${describeCounts(report.checks)}`, ""];
  for (const { check, label } of rows) {
    const verdict = check.verdict.padEnd(4);
    const shown = options.color === true ? `${colors[check.verdict]}${verdict}${reset}` : verdict;
    const padded =
      label.length > labelWidth ? `${label}\n${indent.slice(0, -2)}  ` : label.padEnd(labelWidth);
    lines.push(`${shown}  ${padded}  ${check.detail}`);
    if (check.fix !== undefined) lines.push(`${indent}fix: ${check.fix}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The report as JSON for scripts and monitoring: verdict, counts, lines, hardware and plan. */
export function renderDoctorJson(report: DoctorReport): string {
  const counts = Object.fromEntries(
    verdicts.map((v) => [v, report.checks.filter((c) => c.verdict === v).length]),
  );
  return `${JSON.stringify({ verdict: report.verdict, counts, checks: report.checks, hardware: report.hardware, plan: report.plan }, null, 2)}\n`;
}

function describeCounts(checks: readonly DoctorCheck[]): string {
  const count = (verdict: Verdict): number => checks.filter((c) => c.verdict === verdict).length;
  const parts = [`${count("ok")} ok`, `${count("warn")} warn`, `${count("fail")} fail`];
  return parts.join(", ");
}
