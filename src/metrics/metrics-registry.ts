import type { Logger } from "pino";
import { withDeadline } from "../queue/index.ts";
import { Counter } from "./counter.ts";
import { Gauge } from "./gauge.ts";
import { Histogram, type HistogramDefinition } from "./histogram.ts";
import type { MetricFamily } from "./metric-family.ts";
import { MetricsError } from "./metrics-error.ts";
import { renderPrometheusText } from "./render-prometheus-text.ts";
import type { MetricDefinition } from "./series-store.ts";

/** Reads metric families at scrape time: state that lives elsewhere (the pool, Redis). */
export type MetricsCollector = () => readonly MetricFamily[] | Promise<readonly MetricFamily[]>;

export interface MetricsRegistryOptions {
  /** Where a failing collector is reported. Default: nowhere (it is still counted). */
  readonly logger?: Logger;
  /** How long one collector may take before the scrape goes on without it. Default: 5000 ms. */
  readonly collectorTimeoutMs?: number;
}

interface Instrument {
  readonly name: string;
  describe(): MetricFamily;
}

/**
 * The metrics of one process: instruments updated as things happen, and collectors read at
 * scrape time. Every family goes through one renderer, `renderPrometheusText`.
 */
export class MetricsRegistry {
  readonly #instruments: Instrument[] = [];
  readonly #collectors = new Map<string, MetricsCollector>();
  readonly #logger: Logger | undefined;
  readonly #collectorTimeoutMs: number;
  readonly #collectorFailures: Counter<"collector">;

  constructor(options: MetricsRegistryOptions = {}) {
    this.#logger = options.logger;
    this.#collectorTimeoutMs = options.collectorTimeoutMs ?? 5_000;
    this.#collectorFailures = this.counter({
      name: "quorum_metrics_collector_failures_total",
      help: "Scrapes that went on without a collector because it failed or timed out.",
      labelNames: ["collector"],
    });
  }

  counter<L extends string = never>(definition: MetricDefinition<L>): Counter<L> {
    return this.#add(new Counter(definition));
  }

  gauge<L extends string = never>(definition: MetricDefinition<L>): Gauge<L> {
    return this.#add(new Gauge(definition));
  }

  histogram<L extends string = never>(definition: HistogramDefinition<L>): Histogram<L> {
    return this.#add(new Histogram(definition));
  }

  /** Adds (or, under the same name, replaces) a collector read on every scrape. */
  addCollector(name: string, collect: MetricsCollector): void {
    this.#collectors.set(name, collect);
  }

  /**
   * Every family, instruments first. A collector that fails or exceeds its time is left out of
   * this scrape (and counted) rather than failing the scrape.
   */
  async collect(): Promise<MetricFamily[]> {
    const collected = await Promise.all(
      [...this.#collectors].map(async ([name, collect]) => {
        try {
          return await withDeadline(
            Promise.resolve().then(collect),
            this.#collectorTimeoutMs,
            `metrics collector ${name}`,
          );
        } catch (error) {
          this.#collectorFailures.inc({ collector: name });
          this.#logger?.warn(
            { collector: name, err: error },
            "metrics collector failed; scraping without it",
          );
          return [];
        }
      }),
    );
    const families = [...this.#instruments.map((i) => i.describe()), ...collected.flat()];
    const seen = new Set<string>();
    for (const family of families) {
      if (seen.has(family.name)) throw new MetricsError(`metric ${family.name} is defined twice`);
      seen.add(family.name);
    }
    return families;
  }

  async render(): Promise<string> {
    return renderPrometheusText(await this.collect());
  }

  #add<T extends Instrument>(instrument: T): T {
    if (this.#instruments.some((i) => i.name === instrument.name)) {
      throw new MetricsError(`metric ${instrument.name} is already registered`);
    }
    this.#instruments.push(instrument);
    return instrument;
  }
}
