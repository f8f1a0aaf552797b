import { MetricsError } from "./metrics-error.ts";
import { ScalarMetric } from "./scalar-metric.ts";
import type { MetricDefinition } from "./series-store.ts";

/** A value that only goes up (until the process restarts; Prometheus' `rate()` handles that). */
export class Counter<L extends string = never> extends ScalarMetric<L> {
  protected readonly type = "counter";

  constructor(definition: MetricDefinition<L>) {
    super(definition);
    // An unlabelled counter exists from the start, so a scrape shows 0 rather than nothing.
    if ((definition.labelNames ?? []).length === 0) this.series.get({} as Record<L, string>);
  }

  inc(labels: Readonly<Record<L, string>>, by = 1): void {
    if (!(by >= 0) || !Number.isFinite(by)) {
      throw new MetricsError(`counter ${this.name} can only grow by a finite amount ≥ 0, got ${by}`);
    }
    this.series.get(labels).value += by;
  }
}
