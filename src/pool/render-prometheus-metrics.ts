import { queueWaitBuckets, type MemberMetrics, type PoolMetricsSnapshot } from "./pool-metrics.ts";

type MetricType = "counter" | "gauge";

interface Family {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly value: (member: MemberMetrics) => number;
}

const memberFamilies: readonly Family[] = [
  {
    name: "instances",
    type: "gauge",
    help: "Instances (local sequences or remote concurrency slots).",
    value: (m) => m.instances,
  },
  { name: "busy_instances", type: "gauge", help: "Instances serving a call now.", value: (m) => m.busy },
  { name: "queued_calls", type: "gauge", help: "Calls waiting for an instance.", value: (m) => m.queued },
  { name: "calls_total", type: "counter", help: "Calls served or failed.", value: (m) => m.calls },
  { name: "call_failures_total", type: "counter", help: "Calls that failed.", value: (m) => m.failures },
  {
    name: "fallbacks_total",
    type: "counter",
    help: "Failed calls another member then served.",
    value: (m) => m.fallbacks,
  },
  {
    name: "prompt_tokens_total",
    type: "counter",
    help: "Prompt tokens of successful calls.",
    value: (m) => m.promptTokens,
  },
  {
    name: "reused_prompt_tokens_total",
    type: "counter",
    help: "Prompt tokens reused from an instance's cache.",
    value: (m) => m.reusedPromptTokens,
  },
  {
    name: "evaluated_prompt_tokens_total",
    type: "counter",
    help: "Prompt tokens the model evaluated.",
    value: (m) => m.evaluatedPromptTokens,
  },
  {
    name: "generated_tokens_total",
    type: "counter",
    help: "Generated tokens.",
    value: (m) => m.generatedTokens,
  },
  {
    name: "active_seconds_total",
    type: "counter",
    help: "Time with at least one busy instance.",
    value: (m) => m.activeSeconds,
  },
  {
    name: "busy_instance_seconds_total",
    type: "counter",
    help: "Busy time summed over instances.",
    value: (m) => m.busyInstanceSeconds,
  },
  {
    name: "tokens_per_second",
    type: "gauge",
    help: "Generated tokens per active second since start.",
    value: (m) => m.tokensPerSecond,
  },
  {
    name: "utilisation_ratio",
    type: "gauge",
    help: "Busy instance time over available instance time since start.",
    value: (m) => m.utilisation,
  },
  {
    name: "reused_prompt_ratio",
    type: "gauge",
    help: "Reused over all prompt tokens since start.",
    value: (m) => m.reusedPromptRatio,
  },
  {
    name: "planned_memory_bytes",
    type: "gauge",
    help: "Planned memory of the member's weights and caches.",
    value: (m) => m.plannedMemoryBytes,
  },
];

/**
 * The snapshot in the Prometheus text exposition format (version 0.0.4), one series per member
 * labelled `model` and `backend`. Serve it with content type `text/plain; version=0.0.4`.
 */
export function renderPrometheusMetrics(snapshot: PoolMetricsSnapshot, prefix = "quorum_pool"): string {
  const lines: string[] = [];
  const family = (name: string, type: MetricType | "histogram", help: string): void => {
    lines.push(`# HELP ${prefix}_${name} ${help}`, `# TYPE ${prefix}_${name} ${type}`);
  };

  family("uptime_seconds", "gauge", "Seconds since the pool started.");
  lines.push(`${prefix}_uptime_seconds ${formatValue(snapshot.uptimeSeconds)}`);
  family("resident_memory_bytes", "gauge", "Resident memory of the process holding the pool.");
  lines.push(`${prefix}_resident_memory_bytes ${formatValue(snapshot.residentMemoryBytes)}`);
  family("free_memory_bytes", "gauge", "Memory available on the machine.");
  lines.push(`${prefix}_free_memory_bytes ${formatValue(snapshot.freeMemoryBytes)}`);

  for (const f of memberFamilies) {
    family(f.name, f.type, f.help);
    for (const member of snapshot.members) {
      lines.push(`${prefix}_${f.name}${labels(member)} ${formatValue(f.value(member))}`);
    }
  }

  family("queue_wait_seconds", "histogram", "Time calls waited for an instance.");
  for (const member of snapshot.members) {
    const wait = member.queueWait;
    queueWaitBuckets.forEach((bound, i) => {
      lines.push(
        `${prefix}_queue_wait_seconds_bucket${labels(member, String(bound))} ${wait.bucketCounts[i] ?? 0}`,
      );
    });
    lines.push(`${prefix}_queue_wait_seconds_bucket${labels(member, "+Inf")} ${wait.count}`);
    lines.push(`${prefix}_queue_wait_seconds_sum${labels(member)} ${formatValue(wait.sumSeconds)}`);
    lines.push(`${prefix}_queue_wait_seconds_count${labels(member)} ${wait.count}`);
  }
  return `${lines.join("\n")}\n`;
}

function labels(member: MemberMetrics, le?: string): string {
  const pairs = [`model="${escapeLabel(member.name)}"`, `backend="${member.backend}"`];
  if (le !== undefined) pairs.push(`le="${le}"`);
  return `{${pairs.join(",")}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/\.?0+$/, "");
}
