import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { MetricsHandler } from "./create-metrics-handler.ts";

export class MetricsServerError extends Error {
  override readonly name = "MetricsServerError";
  readonly retryable = false;
}

export interface MetricsServer {
  /** The port listened on (the one asked for, or the one the system chose for 0). */
  readonly port: number;
  dispose(): Promise<void>;
}

/** A listener serving only `/metrics`, for processes without the webhook server (`quorum worker`). */
export async function startMetricsServer(options: {
  readonly port: number;
  /** Interface to listen on. Default: all interfaces, so Prometheus on another machine can scrape. */
  readonly host?: string | undefined;
  readonly handler: MetricsHandler;
}): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (options.handler(req, res)) return;
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("not found: this listener serves only GET /metrics\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => {
      reject(
        new MetricsServerError(
          `cannot serve metrics on port ${options.port}: ${(error as NodeJS.ErrnoException).code ?? "error"}; set QUORUM_METRICS_PORT to a free port, or unset it`,
          { cause: error },
        ),
      );
    });
    server.listen(options.port, options.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    async dispose() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
