import { describe, expect, it } from "vitest";
import { MetricsError, MetricsRegistry } from "../../src/metrics/index.ts";

function samplesOf(text: string, name: string): string[] {
  return text.split("\n").filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe("MetricsRegistry", () => {
  it("counts per label set, in the order the labels were declared", async () => {
    const registry = new MetricsRegistry();
    const runs = registry.counter({ name: "runs_total", help: "Runs.", labelNames: ["kind", "outcome"] });
    runs.inc({ outcome: "completed", kind: "review" });
    runs.inc({ kind: "review", outcome: "completed" }, 2);
    runs.inc({ kind: "fix", outcome: "failed" });
    const text = await registry.render();
    expect(samplesOf(text, "runs_total")).toEqual([
      'runs_total{kind="review",outcome="completed"} 3',
      'runs_total{kind="fix",outcome="failed"} 1',
    ]);
    expect(text).toContain("# TYPE runs_total counter");
  });

  it("shows an unlabelled counter as 0 before anything happened, and keeps a gauge's latest value", async () => {
    const registry = new MetricsRegistry();
    registry.counter({ name: "restarts_total", help: "h" });
    const left = registry.gauge({ name: "left", help: "h", labelNames: ["installation"] });
    left.set({ installation: "1" }, 10);
    left.set({ installation: "1" }, 4);
    const text = await registry.render();
    expect(samplesOf(text, "restarts_total")).toEqual(["restarts_total 0"]);
    expect(samplesOf(text, "left")).toEqual(['left{installation="1"} 4']);
  });

  it("puts observations into cumulative buckets, with values above the last bound only in +Inf", async () => {
    const registry = new MetricsRegistry();
    const wait = registry.histogram({
      name: "wait_seconds",
      help: "h",
      labelNames: ["step"],
      buckets: [1, 10],
    });
    for (const seconds of [0.5, 1, 3, 30]) wait.observe({ step: "review" }, seconds);
    const text = await registry.render();
    expect(text.split("\n").filter((l) => l.startsWith("wait_seconds"))).toEqual([
      'wait_seconds_bucket{step="review",le="1"} 2',
      'wait_seconds_bucket{step="review",le="10"} 3',
      'wait_seconds_bucket{step="review",le="+Inf"} 4',
      'wait_seconds_sum{step="review"} 34.5',
      'wait_seconds_count{step="review"} 4',
    ]);
  });

  it("refuses invalid names, wrong labels, shrinking counters, unordered buckets and duplicates", () => {
    const registry = new MetricsRegistry();
    expect(() => registry.counter({ name: "bad-name", help: "h" })).toThrow(MetricsError);
    expect(() => registry.gauge({ name: "g", help: "h", labelNames: ["__reserved"] })).toThrow(MetricsError);
    expect(() => registry.histogram({ name: "h", help: "h", labelNames: ["le"], buckets: [1] })).toThrow(
      MetricsError,
    );
    expect(() => registry.histogram({ name: "h2", help: "h", buckets: [5, 1] })).toThrow(MetricsError);
    const runs = registry.counter({ name: "runs_total", help: "h", labelNames: ["kind"] });
    expect(() => runs.inc({ kind: "review", extra: "x" } as { kind: string })).toThrow(
      /takes labels \[kind\]/,
    );
    expect(() => runs.inc({} as { kind: string })).toThrow(MetricsError);
    expect(() => runs.inc({ kind: "review" }, -1)).toThrow(MetricsError);
    expect(() => registry.counter({ name: "runs_total", help: "again" })).toThrow(/already registered/);
  });

  it("reads collectors at scrape time and scrapes on without one that fails or hangs, counting it", async () => {
    const registry = new MetricsRegistry({ collectorTimeoutMs: 50 });
    let depth = 1;
    registry.addCollector("depth", () => [
      { name: "depth", help: "h", type: "gauge", samples: [{ labels: {}, value: depth }] },
    ]);
    registry.addCollector("broken", () => Promise.reject(new Error("Redis is down")));
    registry.addCollector("stuck", () => new Promise(() => undefined));
    depth = 7;
    const text = await registry.render();
    expect(samplesOf(text, "depth")).toEqual(["depth 7"]);
    expect(samplesOf(text, "quorum_metrics_collector_failures_total")).toEqual([
      'quorum_metrics_collector_failures_total{collector="broken"} 1',
      'quorum_metrics_collector_failures_total{collector="stuck"} 1',
    ]);
  });

  it("refuses a collector family whose name an instrument already uses", async () => {
    const registry = new MetricsRegistry();
    registry.gauge({ name: "depth", help: "h" });
    registry.addCollector("depth", () => [{ name: "depth", help: "h", type: "gauge", samples: [] }]);
    await expect(registry.render()).rejects.toThrow(/defined twice/);
  });
});
