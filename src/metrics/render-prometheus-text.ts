import type { Labels, MetricFamily } from "./metric-family.ts";

/** The content type of `renderPrometheusText`'s output. */
export const prometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

/**
 * Metric families in the Prometheus text exposition format (version 0.0.4). Histograms get
 * cumulative `_bucket` series ending in `le="+Inf"` (equal to `_count`), then `_sum` and `_count`.
 */
export function renderPrometheusText(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    if (family.type !== "histogram") {
      for (const sample of family.samples) {
        lines.push(`${family.name}${renderLabels(sample.labels)} ${formatMetricValue(sample.value)}`);
      }
      continue;
    }
    for (const sample of family.samples) {
      family.buckets.forEach((bound, i) => {
        const le = formatMetricValue(bound);
        lines.push(
          `${family.name}_bucket${renderLabels(sample.labels, le)} ${formatMetricValue(sample.bucketCounts[i] ?? 0)}`,
        );
      });
      lines.push(
        `${family.name}_bucket${renderLabels(sample.labels, "+Inf")} ${formatMetricValue(sample.count)}`,
      );
      lines.push(`${family.name}_sum${renderLabels(sample.labels)} ${formatMetricValue(sample.sum)}`);
      lines.push(`${family.name}_count${renderLabels(sample.labels)} ${formatMetricValue(sample.count)}`);
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

function renderLabels(labels: Labels, le?: string): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  if (le !== undefined) pairs.push(`le="${le}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

/** Label values may hold any text; the format reserves backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** Shortest text that reads back as the same number, so counters keep their full resolution. */
export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}
