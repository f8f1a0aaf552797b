export { collectQueueDepth, queueDepthStates } from "./collect-queue-depth.ts";
export { Counter } from "./counter.ts";
export { describePoolMetrics } from "./describe-pool-metrics.ts";
export { createGitHubMetricsPlugin, type OctokitPlugin } from "./create-github-metrics-plugin.ts";
export { createMetricsHandler, type MetricsHandler } from "./create-metrics-handler.ts";
export { Gauge } from "./gauge.ts";
export { Histogram, type HistogramDefinition } from "./histogram.ts";
export type { HistogramSample, Labels, MetricFamily, Sample } from "./metric-family.ts";
export { MetricsError } from "./metrics-error.ts";
export { MetricsRegistry, type MetricsCollector, type MetricsRegistryOptions } from "./metrics-registry.ts";
export { normalizeGitHubRoute } from "./normalize-github-route.ts";
export { observeQuorumWorkers, type ObserveWorkersOptions } from "./observe-quorum-workers.ts";
export {
  jobWaitBuckets,
  registerRunMetrics,
  subtaskDurationBuckets,
  type RunMetrics,
} from "./register-run-metrics.ts";
export {
  escapeLabelValue,
  formatMetricValue,
  prometheusContentType,
  renderPrometheusText,
} from "./render-prometheus-text.ts";
export type { MetricDefinition } from "./series-store.ts";
export { MetricsServerError, startMetricsServer, type MetricsServer } from "./start-metrics-server.ts";
export {
  startProcessMetrics,
  type ProcessMetrics,
  type ProcessMetricsOptions,
} from "./start-process-metrics.ts";
