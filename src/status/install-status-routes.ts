import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Logger } from "pino";
import type { ReviewQueues } from "../queue/index.ts";
import { createQueueDashboard } from "./create-queue-dashboard.ts";
import { decideStatusAccess, type StatusRequest } from "./decide-status-access.ts";
import { readStatusSnapshot } from "./read-status-snapshot.ts";
import { renderStatusPage } from "./render-status-page.ts";
import type { StatusAccess } from "./status-access.ts";

/** What the routes need from Probot's `Server` (its `addHandler`). */
export interface HandlerHost {
  addHandler(handler: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>): void;
}

export interface StatusRoutesOptions {
  /** From `readStatusAccess`; undefined serves nothing (and says how to turn the pages on). */
  readonly access: StatusAccess | undefined;
  readonly queues: ReviewQueues;
  /** Base of the links to GitHub: `readGitHubWebUrl`. */
  readonly githubUrl: string;
  readonly logger: Logger;
  /** Default: `/quorum` (pages at /quorum/status, /quorum/status.json, /quorum/queues). */
  readonly basePath?: string;
  /** Runs listed. Default: 20. */
  readonly runLimit?: number;
  /** Let the queue dashboard retry, remove and pause jobs (QUORUM_STATUS_QUEUE_ACTIONS). Default: false. */
  readonly queueActions?: boolean | undefined;
}

/** Seconds between reloads of the page unless `?refresh=` says otherwise. */
const defaultRefreshSeconds = 10;

/** The page loads nothing and runs no script: say so to the browser, so injected markup cannot either. */
const pageHeaders = {
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

function readRefresh(url: URL): number {
  const value = Number(url.searchParams.get("refresh") ?? defaultRefreshSeconds);
  return Number.isInteger(value) && value >= 0 && value <= 3600 ? value : defaultRefreshSeconds;
}

function toStatusRequest(req: IncomingMessage): StatusRequest {
  const forwarded = req.headers["x-forwarded-proto"];
  return {
    method: req.method,
    url: req.url,
    headers: req.headers,
    secure: (req.socket as Partial<TLSSocket>).encrypted === true || forwarded === "https",
  };
}

/**
 * Probot's request log is written once the request is answered, its message with `req.url`: the
 * token is taken out of it once checked (see also `redactRequestCredentials`).
 */
function hideTokenInUrl(req: IncomingMessage, url: URL): void {
  if (!url.searchParams.has("token")) return;
  const logged = new URL(url);
  logged.searchParams.set("token", "redacted");
  req.url = `${logged.pathname}${logged.search}`;
}

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/**
 * Serves the status page, its JSON and the queue dashboard behind the operator's token or basic
 * credentials, on Probot's server. Without either, nothing is mounted.
 */
export function installStatusRoutes(server: HandlerHost, options: StatusRoutesOptions): void {
  const { access, queues, logger } = options;
  const basePath = options.basePath ?? "/quorum";
  const paths = { page: `${basePath}/status`, json: `${basePath}/status.json`, queues: `${basePath}/queues` };
  if (access === undefined) {
    logger.info(
      "status page and queue dashboard off: set QUORUM_STATUS_TOKEN, or QUORUM_STATUS_USER and QUORUM_STATUS_PASSWORD, to serve them",
    );
    return;
  }
  const dashboard = createQueueDashboard([queues.control, queues.review, queues.fix], paths.queues, {
    actions: options.queueActions ?? false,
  });

  server.addHandler(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://status.invalid");
    const route =
      url.pathname === paths.page
        ? "page"
        : url.pathname === paths.json
          ? "json"
          : url.pathname === paths.queues || url.pathname.startsWith(`${paths.queues}/`)
            ? "queues"
            : undefined;
    if (route === undefined) return false;
    const decision = decideStatusAccess(toStatusRequest(req), access, basePath);
    hideTokenInUrl(req, url);
    if (decision.kind === "deny") {
      sendText(res, decision.status, decision.message, { ...decision.headers });
      return true;
    }
    if (decision.kind === "redirect") {
      res.writeHead(303, {
        location: decision.location,
        "set-cookie": decision.cookie,
        "cache-control": "no-store",
      });
      res.end();
      return true;
    }
    if (route === "queues") {
      dashboard(req, res);
      return true;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendText(res, 405, "Only GET and HEAD.", { allow: "GET, HEAD" });
      return true;
    }
    let snapshot;
    try {
      snapshot = await readStatusSnapshot({
        // The queues' producer connection: a page asked for while Redis is away fails at once (503).
        queues,
        githubUrl: options.githubUrl,
        logger,
        runLimit: options.runLimit,
      });
    } catch (error) {
      logger.warn({ err: error }, "could not read the status from Redis");
      sendText(res, 503, "Quorum could not read its state from Redis; see the server log.");
      return true;
    }
    const body =
      route === "json"
        ? JSON.stringify(snapshot)
        : renderStatusPage(snapshot, { refreshSeconds: readRefresh(url), queuesUrl: `${paths.queues}/` });
    res.writeHead(200, {
      ...pageHeaders,
      "content-type": route === "json" ? "application/json" : "text/html; charset=utf-8",
    });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  });
  logger.info({ page: paths.page, queues: paths.queues }, "status page and queue dashboard served");
}
