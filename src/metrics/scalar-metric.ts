import type { MetricFamily } from "./metric-family.ts";
import { SeriesStore, assertValidDefinition, type MetricDefinition } from "./series-store.ts";

/** What counters and gauges share: one number per label set. */
export abstract class ScalarMetric<L extends string> {
  readonly name: string;
  protected abstract readonly type: "counter" | "gauge";
  protected readonly series: SeriesStore<L, { value: number }>;
  readonly #help: string;

  constructor(definition: MetricDefinition<L>) {
    assertValidDefinition(definition, []);
    this.name = definition.name;
    this.#help = definition.help;
    this.series = new SeriesStore(definition.name, definition.labelNames ?? [], () => ({ value: 0 }));
  }

  describe(): MetricFamily {
    return {
      name: this.name,
      help: this.#help,
      type: this.type,
      samples: this.series.entries().map(({ labels, value }) => ({ labels, value: value.value })),
    };
  }
}
