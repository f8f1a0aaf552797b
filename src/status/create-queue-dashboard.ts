import type { IncomingMessage, ServerResponse } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";

/** An Express application, called as plain Node middleware. */
type ExpressHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export type QueueDashboard = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * bull-board's dashboard of the given queues, served under `basePath` from a plain Node handler
 * (Probot's server has no Express); read-only unless `actions` (retry, remove, pause) is allowed. Its assets ship in the package, so it works offline.
 */
export function createQueueDashboard(
  queues: readonly Queue[],
  basePath: string,
  options: { readonly actions: boolean },
): QueueDashboard {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({
    // Read-only unless the operator allows actions: a leaked token must not retry or delete jobs.
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: !options.actions })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: "Quorum queues" } },
  });
  const app = adapter.getRouter() as ExpressHandler;
  return (req, res) => {
    // The board's routes are relative to its base path, as if it were mounted there; the request
    // log reads `originalUrl`, as Express sets it for a mounted app.
    const url = req.url ?? "/";
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
    req.url = url.slice(basePath.length) || "/";
    if (!req.url.startsWith("/")) req.url = `/${req.url}`;
    app(req, res, (error) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      res.writeHead(error === undefined ? 404 : 500, { "content-type": "text/plain; charset=utf-8" });
      res.end(error === undefined ? "Not found" : "Queue dashboard error");
    });
  };
}
