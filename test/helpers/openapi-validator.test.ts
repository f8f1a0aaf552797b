import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadGitHubOpenApi, type GitHubOpenApi } from "./openapi-validator.ts";
import { recordGitHubRequests } from "./openapi-recorder.ts";
import { createTestOctokit, startFakeGitHub } from "./openapi-fake-github.ts";

let api: GitHubOpenApi;

beforeAll(async () => {
  api = await loadGitHubOpenApi();
});

afterEach(() => {
  nock.cleanAll();
});

const reviews = "/repos/octo/app/pulls/3/reviews";

describe("GitHub OpenAPI request validation", () => {
  it("accepts a well-formed review with inline comments", () => {
    const body = {
      commit_id: "0123abc",
      event: "COMMENT",
      body: "Summary",
      comments: [{ path: "src/a.ts", line: 4, side: "RIGHT", body: "Check this" }],
    };
    expect(api.validateRequest("POST", reviews, body)).toEqual([]);
  });

  it("rejects a review event GitHub does not know", () => {
    const violations = api.validateRequest("POST", reviews, { event: "MERGE", body: "x" });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain("body/event");
  });

  it("rejects an inline comment without a path", () => {
    const violations = api.validateRequest("POST", reviews, {
      event: "COMMENT",
      comments: [{ line: 4, body: "x" }],
    });
    expect(violations).toEqual([
      expect.stringContaining("body/comments/0 must have required property 'path'"),
    ]);
  });

  it("rejects a check run with an invalid conclusion and accepts a valid one", () => {
    const base = { name: "Quorum", head_sha: "abc", status: "completed" };
    expect(
      api.validateRequest("POST", "/repos/octo/app/check-runs", { ...base, conclusion: "passed" }),
    ).toEqual([expect.stringContaining("body/conclusion")]);
    expect(
      api.validateRequest("POST", "/repos/octo/app/check-runs", { ...base, conclusion: "neutral" }),
    ).toEqual([]);
  });

  it("enforces GitHub's limits, such as the 65535-character check-run summary", () => {
    const output = { title: "t", summary: "x".repeat(65_536) };
    expect(api.validateRequest("PATCH", "/repos/octo/app/check-runs/9", { output })).toEqual([
      expect.stringContaining("body/output/summary must NOT have more than 65535 characters"),
    ]);
  });

  it("requires a body where GitHub requires one", () => {
    expect(api.validateRequest("POST", "/repos/octo/app/check-runs", undefined)).toEqual([
      expect.stringContaining("request body is required"),
    ]);
  });

  it("treats unknown paths and methods as violations", () => {
    expect(api.validateRequest("POST", "/repos/octo/app/pulls/3/approve", {})).toEqual([
      expect.stringContaining("no such path"),
    ]);
    expect(api.validateRequest("DELETE", "/repos/octo/app/pulls/3/files", undefined)).toEqual([
      expect.stringContaining("has no DELETE operation"),
    ]);
  });

  it("rejects a body sent to an operation that takes none", () => {
    expect(api.validateRequest("GET", "/repos/octo/app/pulls/3/files?per_page=100", { x: 1 })).toEqual([
      expect.stringContaining("takes no request body"),
    ]);
  });

  it("matches literal path segments before parameters and strips query strings and the GHES prefix", () => {
    expect(api.findPathTemplate("/repos/octo/app/pulls/comments")).toBe(
      "/repos/{owner}/{repo}/pulls/comments",
    );
    expect(api.findPathTemplate("/repos/octo/app/pulls/12?x=1")).toBe(
      "/repos/{owner}/{repo}/pulls/{pull_number}",
    );
    expect(api.findPathTemplate("/api/v3/repos/octo/app/check-runs/5")).toBe(
      "/repos/{owner}/{repo}/check-runs/{check_run_id}",
    );
    expect(api.findPathTemplate("/repos/octo/app/contents/docs/a b/c.md")).toBe(
      "/repos/{owner}/{repo}/contents/{path}",
    );
  });

  it("resolves GitHub's /repositories/{id} pagination alias to the documented path", () => {
    expect(api.findPathTemplate("/repositories/123/pulls/3/files?page=2")).toBe(
      "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    );
  });

  it("accepts null where the spec marks a field nullable, and only there", () => {
    expect(api.validateRequest("PATCH", "/repos/octo/app/issues/1", { milestone: null })).toEqual([]);
    expect(api.validateRequest("PATCH", "/repos/octo/app/pulls/1", { title: null })).toEqual([
      expect.stringContaining("body/title must be string"),
    ]);
  });
});

describe("recordGitHubRequests", () => {
  it("validates every request intercepted by a watched scope", async () => {
    nock.disableNetConnect();
    const scope = nock("https://api.github.com")
      .post("/repos/octo/app/pulls/3/reviews")
      .twice()
      .reply(200, { id: 1 });
    const recorder = await recordGitHubRequests(scope);
    const octokit = createTestOctokit();

    await octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
      owner: "octo",
      repo: "app",
      pull_number: 3,
      event: "COMMENT",
      body: "fine",
    });
    expect(() => recorder.assertNoViolations()).not.toThrow();

    // A concrete route is untyped in Octokit, which lets the test send what the types would forbid.
    await octokit.request("POST /repos/octo/app/pulls/3/reviews", {
      event: "MERGE",
      comments: [{ line: 1, body: "no path" }],
    });
    expect(recorder.requests).toHaveLength(2);
    expect(recorder.requests[1]?.body).toMatchObject({ event: "MERGE" });
    expect(recorder.violations).toHaveLength(2);
    expect(() => recorder.assertNoViolations()).toThrow(/body\/event/);
  });

  it("gives a fake GitHub whose octokit and scope are already wired", async () => {
    const github = await startFakeGitHub();
    github.api.post("/repos/octo/app/check-runs").reply(201, { id: 5 });
    await github.octokit.rest.checks.create({ owner: "octo", repo: "app", name: "Quorum", head_sha: "abc" });
    expect(github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/check-runs")).toHaveLength(1);
    expect(() => github.assertDone()).not.toThrow();
  });

  it("reports interceptors that were never used", async () => {
    const github = await startFakeGitHub();
    github.api.get("/repos/octo/app/pulls/3/files").reply(200, []);
    expect(() => github.assertDone()).toThrow(/Unused interceptors/);
  });
});
