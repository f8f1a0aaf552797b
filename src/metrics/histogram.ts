import type { MetricFamily } from "./metric-family.ts";
import { MetricsError } from "./metrics-error.ts";
import { SeriesStore, assertValidDefinition, type MetricDefinition } from "./series-store.ts";

export interface HistogramDefinition<L extends string> extends MetricDefinition<L> {
  /** Upper bounds of the buckets, strictly increasing and finite; `+Inf` is added. */
  readonly buckets: readonly number[];
}

interface HistogramSeries {
  /** Observations per bucket (not cumulative: `describe` sums them up). */
  readonly counts: number[];
  sum: number;
  count: number;
}

/** Observations (durations, sizes) counted into fixed buckets, with their sum and count. */
export class Histogram<L extends string = never> {
  readonly name: string;
  readonly buckets: readonly number[];
  readonly #help: string;
  readonly #series: SeriesStore<L, HistogramSeries>;

  constructor(definition: HistogramDefinition<L>) {
    assertValidDefinition(definition, ["le"]);
    const { buckets } = definition;
    if (
      buckets.length === 0 ||
      buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= (buckets[i - 1] ?? b)))
    ) {
      throw new MetricsError(
        `histogram ${definition.name} needs finite, strictly increasing bucket bounds, got [${buckets.join(", ")}]`,
      );
    }
    this.name = definition.name;
    this.buckets = [...buckets];
    this.#help = definition.help;
    this.#series = new SeriesStore(definition.name, definition.labelNames ?? [], () => ({
      counts: buckets.map(() => 0),
      sum: 0,
      count: 0,
    }));
  }

  observe(labels: Readonly<Record<L, string>>, value: number): void {
    if (Number.isNaN(value)) throw new MetricsError(`histogram ${this.name} cannot observe NaN`);
    const series = this.#series.get(labels);
    const bucket = this.buckets.findIndex((bound) => value <= bound);
    if (bucket >= 0) series.counts[bucket] = (series.counts[bucket] ?? 0) + 1;
    series.sum += value;
    series.count += 1;
  }

  describe(): MetricFamily {
    return {
      name: this.name,
      help: this.#help,
      type: "histogram",
      buckets: this.buckets,
      samples: this.#series.entries().map(({ labels, value }) => {
        let running = 0;
        return {
          labels,
          bucketCounts: value.counts.map((n) => (running += n)),
          sum: value.sum,
          count: value.count,
        };
      }),
    };
  }
}
