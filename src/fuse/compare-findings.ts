import { severities, type Severity } from "../domain/index.ts";

/** 0 for "info" up to 3 for "critical". */
export function rankSeverity(severity: Severity): number {
  return severities.indexOf(severity);
}

/**
 * Orders ids like `r2` before `r10` and `c9` before `c10`: digit runs compare as numbers.
 * Written out rather than `localeCompare` so the order never depends on the host's ICU data.
 */
export function compareNatural(a: string, b: string): number {
  const partsA = a.match(/\d+|\D+/g) ?? [];
  const partsB = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(partsA.length, partsB.length); i++) {
    const x = partsA[i] ?? "";
    const y = partsB[i] ?? "";
    if (x === y) continue;
    const bothNumbers = /^\d/.test(x) && /^\d/.test(y);
    if (bothNumbers && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return partsA.length - partsB.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Plain code-unit order: stable across hosts, unlike `localeCompare`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order findings are shown in: most severe first, then by file and line. */
export function compareBySeverityThenPlace(
  a: { readonly severity: Severity; readonly path: string; readonly line: number; readonly message: string },
  b: { readonly severity: Severity; readonly path: string; readonly line: number; readonly message: string },
): number {
  return (
    rankSeverity(b.severity) - rankSeverity(a.severity) ||
    compareText(a.path, b.path) ||
    a.line - b.line ||
    compareText(a.message, b.message)
  );
}
