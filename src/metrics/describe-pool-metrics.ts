import { queueWaitBuckets, type MemberMetrics, type PoolMetricsSnapshot } from "../pool/index.ts";
import type { Labels, MetricFamily } from "./metric-family.ts";

interface Family {
  readonly name: string;
  readonly type: "counter" | "gauge";
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
 * A pool's snapshot (`pool.metrics()`) as metric families, one series per member labelled `model`
 * and `backend`: tokens/s, utilisation and the reused-prefix ratio come from here.
 */
export function describePoolMetrics(snapshot: PoolMetricsSnapshot, prefix = "quorum_pool"): MetricFamily[] {
  const processGauge = (name: string, help: string, value: number): MetricFamily => ({
    name: `${prefix}_${name}`,
    help,
    type: "gauge",
    samples: [{ labels: {}, value }],
  });
  return [
    processGauge("uptime_seconds", "Seconds since the pool started.", snapshot.uptimeSeconds),
    processGauge(
      "resident_memory_bytes",
      "Resident memory of the process holding the pool.",
      snapshot.residentMemoryBytes,
    ),
    processGauge("free_memory_bytes", "Memory available on the machine.", snapshot.freeMemoryBytes),
    ...memberFamilies.map((f): MetricFamily => ({
      name: `${prefix}_${f.name}`,
      help: f.help,
      type: f.type,
      samples: snapshot.members.map((member) => ({ labels: memberLabels(member), value: f.value(member) })),
    })),
    {
      name: `${prefix}_queue_wait_seconds`,
      help: "Time calls waited for an instance.",
      type: "histogram",
      buckets: queueWaitBuckets,
      samples: snapshot.members.map((member) => ({
        labels: memberLabels(member),
        bucketCounts: member.queueWait.bucketCounts,
        sum: member.queueWait.sumSeconds,
        count: member.queueWait.count,
      })),
    },
  ];
}

function memberLabels(member: MemberMetrics): Labels {
  return { model: member.name, backend: member.backend };
}
