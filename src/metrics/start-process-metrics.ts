import type { Worker } from "bullmq";
import type { Logger } from "pino";
import type { ModelPool } from "../pool/index.ts";
import type { ReviewQueues } from "../queue/index.ts";
import { collectQueueDepth } from "./collect-queue-depth.ts";
import { createMetricsHandler } from "./create-metrics-handler.ts";
import { describePoolMetrics } from "./describe-pool-metrics.ts";
import type { MetricsRegistry } from "./metrics-registry.ts";
import { observeQuorumWorkers } from "./observe-quorum-workers.ts";
import { registerRunMetrics } from "./register-run-metrics.ts";
import { startMetricsServer, type MetricsServer } from "./start-metrics-server.ts";

export interface ProcessMetricsOptions {
  readonly registry: MetricsRegistry;
  readonly queues: ReviewQueues;
  /** This process's BullMQ workers, whose jobs are counted. Default: none. */
  readonly workers?: readonly Worker[];
  /** The process's model pool, read at scrape time. Default: none (a control-only process). */
  readonly pool?: Pick<ModelPool, "metrics"> | undefined;
  /** Serve `/metrics` on this port as well. Default: no listener of its own. */
  readonly port?: number | undefined;
  readonly logger: Logger;
}

export interface ProcessMetrics {
  /** The port of the process's own listener, when it has one. */
  readonly port: number | undefined;
  dispose(): Promise<void>;
}

/**
 * Everything a `quorum` process exposes: run and sub-task metrics of its own workers, the shared
 * queues' depth, its model pool, and (with `port`) a listener of its own.
 */
export async function startProcessMetrics(options: ProcessMetricsOptions): Promise<ProcessMetrics> {
  const { registry, queues, logger } = options;
  const metrics = registerRunMetrics(registry);
  observeQuorumWorkers(options.workers ?? [], { metrics, runs: queues.runs, logger });
  registry.addCollector("queues", collectQueueDepth(queues));
  const { pool } = options;
  if (pool) registry.addCollector("pool", () => describePoolMetrics(pool.metrics()));
  let server: MetricsServer | undefined;
  if (options.port !== undefined) {
    server = await startMetricsServer({
      port: options.port,
      handler: createMetricsHandler(registry, logger),
    });
    logger.info({ port: server.port }, "serving Prometheus metrics at /metrics");
  }
  return {
    port: server?.port,
    async dispose() {
      await server?.dispose();
    },
  };
}
