import nock from "nock";
import { ProbotOctokit } from "probot";
import type { Octokit } from "../../src/github/index.ts";
import { recordGitHubRequests, type GitHubRequestRecorder } from "./openapi-recorder.ts";

/** A nock-faked GitHub whose every intercepted request is validated against GitHub's OpenAPI. */
export interface FakeGitHub {
  /** The nock scope for the API host: add interceptors with `api.post(...).reply(...)`. */
  readonly api: nock.Scope;
  /** A Probot Octokit pointed at the fake, with retries and throttling off so tests see each answer. */
  readonly octokit: Octokit;
  readonly recorder: GitHubRequestRecorder;
  /** Asserts every request was valid and every interceptor was used. */
  assertDone(): void;
}

/**
 * Starts a fake GitHub. Real network is disabled for the test process; call `nock.cleanAll()`
 * in `afterEach`. `baseUrl` can be a GHES API root such as `https://ghe.example.com/api/v3`.
 */
export async function startFakeGitHub(baseUrl = "https://api.github.com"): Promise<FakeGitHub> {
  nock.disableNetConnect();
  const url = new URL(baseUrl);
  const api = nock(url.origin);
  const recorder = await recordGitHubRequests(api);
  const octokit = createTestOctokit(baseUrl);
  return {
    api,
    octokit,
    recorder,
    assertDone() {
      recorder.assertNoViolations();
      if (!api.isDone()) throw new Error(`Unused interceptors: ${api.pendingMocks().join(", ")}`);
    },
  };
}

/**
 * Probot's Octokit with retries and throttling off. The function form of `defaults` is required:
 * Probot's own defaults set `throttle`, and the object form would not replace it.
 */
const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

/** A Probot Octokit for tests: token auth, no retries, no throttling. */
export function createTestOctokit(baseUrl = "https://api.github.com"): Octokit {
  return new TestOctokit({ auth: { token: "test-token" }, baseUrl });
}
