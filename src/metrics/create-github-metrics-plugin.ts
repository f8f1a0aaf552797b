import type { ProbotOctokit } from "probot";
import type { MetricsRegistry } from "./metrics-registry.ts";
import { normalizeGitHubRoute } from "./normalize-github-route.ts";

/** What `ProbotOctokit.plugin` accepts. */
export type OctokitPlugin = Parameters<(typeof ProbotOctokit)["plugin"]>[number];

type Headers = Readonly<Record<string, unknown>>;

interface RequestOptions {
  readonly method?: string;
  readonly url?: string;
  readonly baseUrl?: string;
}

function readNumberHeader(headers: Headers | undefined, name: string): number | undefined {
  const value = headers?.[name];
  const number = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

function readInstallation(options: unknown): string {
  const auth = (options as { auth?: { installationId?: unknown } } | undefined)?.auth;
  const id = auth?.installationId;
  // The app's own client (JWT) has its own rate limit, apart from every installation's.
  return typeof id === "number" || typeof id === "string" ? String(id) : "app";
}

/**
 * An Octokit plugin counting this process's GitHub API requests by method, route template and
 * status, and keeping the latest rate-limit headers per installation. Install it on Probot's
 * client class: `Probot.defaults({ Octokit: ProbotOctokit.plugin(createGitHubMetricsPlugin(registry)) })`.
 * Installation-token requests are counted under the app (they spend the app's own limit).
 */
export function createGitHubMetricsPlugin(registry: MetricsRegistry): OctokitPlugin {
  const requests = registry.counter({
    name: "quorum_github_requests_total",
    help: "GitHub API requests sent by this process, by method, route template and status (error: no answer).",
    labelNames: ["method", "route", "status"],
  });
  const remaining = registry.gauge({
    name: "quorum_github_rate_limit_remaining",
    help: "Requests left in the rate-limit window, from the latest x-ratelimit-remaining GitHub sent.",
    labelNames: ["installation", "resource"],
  });
  const limit = registry.gauge({
    name: "quorum_github_rate_limit_limit",
    help: "Size of the rate-limit window, from the latest x-ratelimit-limit GitHub sent.",
    labelNames: ["installation", "resource"],
  });

  return (octokit, octokitOptions) => {
    const installation = readInstallation(octokitOptions);
    const record = (options: RequestOptions, status: string, headers: Headers | undefined): void => {
      requests.inc({
        method: (options.method ?? "GET").toUpperCase(),
        route: normalizeGitHubRoute(options.url ?? "", options.baseUrl),
        status,
      });
      const left = readNumberHeader(headers, "x-ratelimit-remaining");
      if (left === undefined) return;
      const resource =
        typeof headers?.["x-ratelimit-resource"] === "string" ? headers["x-ratelimit-resource"] : "core";
      remaining.set({ installation, resource }, left);
      const size = readNumberHeader(headers, "x-ratelimit-limit");
      if (size !== undefined) limit.set({ installation, resource }, size);
    };
    octokit.hook.after("request", (response, options) => {
      record(options, String(response.status), response.headers);
    });
    octokit.hook.error("request", (error, options) => {
      // Octokit reports a request that got no answer as status 500 without a response.
      const response = (error as { response?: { status?: unknown; headers?: Headers } }).response;
      const status = typeof response?.status === "number" ? String(response.status) : "error";
      record(options, status, response?.headers);
      throw error;
    });
  };
}
