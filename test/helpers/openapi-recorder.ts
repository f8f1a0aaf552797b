import type { ClientRequest } from "node:http";
import type nock from "nock";
import { loadGitHubOpenApi, type GitHubOpenApi, type GitHubOpenApiVariant } from "./openapi-validator.ts";

/** One request a nock scope intercepted, with its body parsed. */
export interface RecordedGitHubRequest {
  readonly method: string;
  /** Path with query string, as sent. */
  readonly path: string;
  /** Parsed JSON body; `undefined` when none was sent; the raw text when it was not JSON. */
  readonly body: unknown;
}

/** Collects every request intercepted by the scopes it watches and checks it against GitHub's OpenAPI. */
export interface GitHubRequestRecorder {
  readonly requests: readonly RecordedGitHubRequest[];
  readonly violations: readonly string[];
  /** Starts recording a scope's requests; returns the scope for chaining. */
  watch<S extends nock.Scope>(scope: S): S;
  /** The recorded requests to one operation, e.g. `requestsTo("POST", "/repos/{owner}/{repo}/check-runs")`. */
  requestsTo(method: string, pathTemplate: string): RecordedGitHubRequest[];
  /** Throws, listing every violation, when any request did not match GitHub's description. */
  assertNoViolations(): void;
}

/**
 * Usage: `const recorder = await recordGitHubRequests(nock("https://api.github.com"))`, then set
 * up interceptors on that scope as usual and call `recorder.assertNoViolations()` at the end.
 */
export async function recordGitHubRequests(
  scopes: nock.Scope | readonly nock.Scope[] = [],
  variant: GitHubOpenApiVariant = "api.github.com",
): Promise<GitHubRequestRecorder> {
  const api: GitHubOpenApi = await loadGitHubOpenApi(variant);
  const requests: RecordedGitHubRequest[] = [];
  const violations: string[] = [];
  const watched = new WeakSet<nock.Scope>();

  function onRequest(req: ClientRequest, _interceptor: unknown, bodyText: string): void {
    const body = parseBody(bodyText);
    requests.push({ method: req.method, path: req.path, body });
    violations.push(...api.validateRequest(req.method, req.path, body));
  }

  const recorder: GitHubRequestRecorder = {
    requests,
    violations,
    watch(scope) {
      if (!watched.has(scope)) {
        watched.add(scope);
        scope.on("request", onRequest);
      }
      return scope;
    },
    requestsTo(method, pathTemplate) {
      return requests.filter(
        (request) =>
          request.method.toUpperCase() === method.toUpperCase() &&
          api.findPathTemplate(request.path) === pathTemplate,
      );
    },
    assertNoViolations() {
      if (violations.length > 0) {
        throw new Error(`Requests GitHub would reject:\n- ${violations.join("\n- ")}`);
      }
    },
  };
  for (const scope of Array.isArray(scopes) ? scopes : [scopes]) recorder.watch(scope as nock.Scope);
  return recorder;
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
