import type { Labels } from "./metric-family.ts";
import { MetricsError } from "./metrics-error.ts";

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface MetricDefinition<L extends string> {
  /** Prometheus metric name, e.g. `quorum_runs_total`. */
  readonly name: string;
  readonly help: string;
  /** Names of the labels every series of the metric carries. Default: none. */
  readonly labelNames?: readonly L[];
}

/** Throws MetricsError unless the name and label names are valid in the exposition format. */
export function assertValidDefinition(
  definition: MetricDefinition<string>,
  reserved: readonly string[],
): void {
  if (!metricName.test(definition.name)) {
    throw new MetricsError(`invalid metric name "${definition.name}": use letters, digits, _ and :`);
  }
  for (const name of definition.labelNames ?? []) {
    if (!labelName.test(name) || name.startsWith("__") || reserved.includes(name)) {
      throw new MetricsError(`invalid label name "${name}" on metric ${definition.name}`);
    }
  }
}

/**
 * The series of one metric, keyed by their label values. Every update names exactly the metric's
 * labels, so a typo cannot silently start a new series.
 */
export class SeriesStore<L extends string, V> {
  readonly #metric: string;
  readonly #labelNames: readonly L[];
  readonly #create: () => V;
  readonly #series = new Map<string, { readonly labels: Labels; readonly value: V }>();

  constructor(metric: string, labelNames: readonly L[], create: () => V) {
    this.#metric = metric;
    this.#labelNames = labelNames;
    this.#create = create;
  }

  /** The series for these label values, created on first use. */
  get(labels: Readonly<Record<L, string>>): V {
    const given = Object.keys(labels);
    if (given.length !== this.#labelNames.length || !given.every((n) => this.#labelNames.includes(n as L))) {
      throw new MetricsError(
        `metric ${this.#metric} takes labels [${this.#labelNames.join(", ")}], got [${given.join(", ")}]`,
      );
    }
    const values = this.#labelNames.map((name) => labels[name]);
    const key = JSON.stringify(values);
    let entry = this.#series.get(key);
    if (!entry) {
      const ordered = Object.fromEntries(this.#labelNames.map((name, i) => [name, values[i] ?? ""]));
      entry = { labels: ordered, value: this.#create() };
      this.#series.set(key, entry);
    }
    return entry.value;
  }

  entries(): readonly { readonly labels: Labels; readonly value: V }[] {
    return [...this.#series.values()];
  }
}
