import type { Category, Severity } from "../domain/index.ts";

const severityLabels: Readonly<Record<Severity, string>> = {
  critical: "🔴 Critical",
  major: "🟠 Major",
  minor: "🟡 Minor",
  info: "🔵 Info",
};

/** "🟠 Major": the colour lets a reader scan a long summary for what matters. */
export function formatSeverity(severity: Severity): string {
  return severityLabels[severity];
}

/** "error-handling" → "error handling". */
export function formatCategory(category: Category): string {
  return category.replace(/-/g, " ");
}
