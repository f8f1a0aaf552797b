import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { MetricsRegistry } from "./metrics-registry.ts";
import { prometheusContentType } from "./render-prometheus-text.ts";

/** Answers a request for the metrics; returns false for any other request. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Serves `GET /metrics` from the registry, for Probot's `server.addHandler` and the worker's own
 * listener alike. The metrics hold no code, prompts or secrets: counts, durations, route templates,
 * model names and installation ids.
 */
export function createMetricsHandler(registry: MetricsRegistry, logger: Logger): MetricsHandler {
  return (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) return false;
    registry.render().then(
      (text) => {
        res.writeHead(200, { "content-type": prometheusContentType });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (error: unknown) => {
        logger.error({ err: error }, "could not render the metrics");
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("metrics unavailable; see the log\n");
      },
    );
    return true;
  };
}
