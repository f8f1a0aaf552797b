import { ScalarMetric } from "./scalar-metric.ts";

/** A value that goes up and down; the latest `set` wins. */
export class Gauge<L extends string = never> extends ScalarMetric<L> {
  protected readonly type = "gauge";

  set(labels: Readonly<Record<L, string>>, value: number): void {
    this.series.get(labels).value = value;
  }
}
