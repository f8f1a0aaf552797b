/** Label name → value of one series. */
export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

export interface HistogramSample {
  readonly labels: Labels;
  /** Cumulative counts, one per bound of the family's `buckets`, in order (`+Inf` is `count`). */
  readonly bucketCounts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

/** One metric family as the Prometheus text format writes it: a `# HELP`, a `# TYPE`, its series. */
export type MetricFamily =
  | {
      readonly name: string;
      readonly help: string;
      readonly type: "counter" | "gauge";
      readonly samples: readonly Sample[];
    }
  | {
      readonly name: string;
      readonly help: string;
      readonly type: "histogram";
      /** Upper bounds of the buckets, increasing; `+Inf` is implied. */
      readonly buckets: readonly number[];
      readonly samples: readonly HistogramSample[];
    };
