import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { classifyGitHubError } from "../../src/github/index.ts";
import { startFakeGitHub } from "../helpers/openapi-fake-github.ts";

afterEach(() => {
  nock.cleanAll();
});

/** Makes Octokit throw the error GitHub's answer produces, so the test sees a real RequestError. */
async function errorFor(status: number, headers: Record<string, string> = {}): Promise<unknown> {
  const github = await startFakeGitHub();
  github.api.get("/repos/octo/app/pulls/1").reply(status, { message: "nope" }, headers);
  try {
    await github.octokit.rest.pulls.get({ owner: "octo", repo: "app", pull_number: 1 });
  } catch (error) {
    return error;
  }
  throw new Error("expected the request to fail");
}

const now = Date.parse("2025-01-01T00:00:00Z");

describe("classifyGitHubError", () => {
  it("treats server errors as retryable", async () => {
    expect(classifyGitHubError(await errorFor(502), now)).toEqual({ retryable: true, status: 502 });
  });

  it("treats 429 as retryable and reads retry-after seconds", async () => {
    expect(classifyGitHubError(await errorFor(429, { "retry-after": "30" }), now)).toEqual({
      retryable: true,
      status: 429,
      retryAfterMs: 30_000,
    });
  });

  it("treats a 403 with an exhausted primary rate limit as retryable until the reset time", async () => {
    const reset = String(now / 1000 + 90);
    const error = await errorFor(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });
    expect(classifyGitHubError(error, now)).toEqual({ retryable: true, status: 403, retryAfterMs: 90_000 });
  });

  it("treats a 403 secondary rate limit (retry-after) as retryable", async () => {
    expect(classifyGitHubError(await errorFor(403, { "retry-after": "60" }), now)).toMatchObject({
      retryable: true,
      retryAfterMs: 60_000,
    });
  });

  it("treats a plain 403 and other client errors as permanent", async () => {
    expect(classifyGitHubError(await errorFor(403, { "x-ratelimit-remaining": "4000" }), now)).toEqual({
      retryable: false,
      status: 403,
    });
    expect(classifyGitHubError(await errorFor(404), now)).toEqual({ retryable: false, status: 404 });
    expect(classifyGitHubError(await errorFor(422), now)).toEqual({ retryable: false, status: 422 });
  });

  it("reads an HTTP-date retry-after", () => {
    const error = { status: 503, response: { headers: { "retry-after": "Wed, 01 Jan 2025 00:00:10 GMT" } } };
    expect(classifyGitHubError(error, now)).toEqual({ retryable: true, status: 503, retryAfterMs: 10_000 });
  });

  it("does not retry errors that carry no HTTP status", () => {
    expect(classifyGitHubError(new TypeError("boom"), now)).toEqual({ retryable: false });
    expect(classifyGitHubError("oops", now)).toEqual({ retryable: false });
  });
});
