import { describe, expect, it } from "vitest";
import { renderPrometheusText, type MetricFamily } from "../../src/metrics/index.ts";

describe("renderPrometheusText", () => {
  it("escapes backslash, double quote and newline in label values, and backslash and newline in help", () => {
    const text = renderPrometheusText([
      {
        name: "quorum_example_total",
        help: "Counts\\things\nacross lines.",
        type: "counter",
        samples: [{ labels: { route: 'a\\b "c"\nd', method: "GET" }, value: 3 }],
      },
    ]);
    expect(text).toBe(
      [
        "# HELP quorum_example_total Counts\\\\things\\nacross lines.",
        "# TYPE quorum_example_total counter",
        'quorum_example_total{route="a\\\\b \\"c\\"\\nd",method="GET"} 3',
        "",
      ].join("\n"),
    );
  });

  it("writes a series without labels without braces, and special values as Prometheus spells them", () => {
    const text = renderPrometheusText([
      {
        name: "g",
        help: "h",
        type: "gauge",
        samples: [
          { labels: {}, value: 0.1 + 0.2 },
          { labels: { k: "inf" }, value: Number.POSITIVE_INFINITY },
          { labels: { k: "-inf" }, value: Number.NEGATIVE_INFINITY },
          { labels: { k: "nan" }, value: Number.NaN },
          { labels: { k: "big" }, value: 12_345_678.901 },
        ],
      },
    ]);
    const samples = text.split("\n").filter((l) => l.startsWith("g"));
    // Full precision: a counter's rate stays exact however large it grows.
    expect(samples).toEqual([
      "g 0.30000000000000004",
      'g{k="inf"} +Inf',
      'g{k="-inf"} -Inf',
      'g{k="nan"} NaN',
      'g{k="big"} 12345678.901',
    ]);
  });

  it("renders a histogram as cumulative buckets, +Inf equal to the count, then _sum and _count", () => {
    const family: MetricFamily = {
      name: "quorum_wait_seconds",
      help: "Wait.",
      type: "histogram",
      buckets: [0.5, 1, 5],
      samples: [{ labels: { queue: "q" }, bucketCounts: [1, 3, 3], sum: 7.25, count: 4 }],
    };
    expect(renderPrometheusText([family]).split("\n")).toEqual([
      "# HELP quorum_wait_seconds Wait.",
      "# TYPE quorum_wait_seconds histogram",
      'quorum_wait_seconds_bucket{queue="q",le="0.5"} 1',
      'quorum_wait_seconds_bucket{queue="q",le="1"} 3',
      'quorum_wait_seconds_bucket{queue="q",le="5"} 3',
      'quorum_wait_seconds_bucket{queue="q",le="+Inf"} 4',
      'quorum_wait_seconds_sum{queue="q"} 7.25',
      'quorum_wait_seconds_count{queue="q"} 4',
      "",
    ]);
  });

  it("declares a family with no series yet, and renders nothing for no families", () => {
    expect(renderPrometheusText([{ name: "c_total", help: "h", type: "counter", samples: [] }])).toBe(
      "# HELP c_total h\n# TYPE c_total counter\n",
    );
    expect(renderPrometheusText([])).toBe("");
  });
});
