import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeGitHub } from "./openapi-fake-github.ts";

afterEach(() => {
  nock.cleanAll();
});

describe("createTestOctokit", () => {
  it("has retries and throttling off: a rate-limited answer reaches the caller at once, once", async () => {
    const github = await startFakeGitHub();
    const reset = String(Math.floor(Date.now() / 1000) + 1);
    // With Probot's throttling on, this answer would be retried after the reset; nock would then
    // have no interceptor left and the test would see a different error.
    github.api
      .post("/repos/octo/app/issues/1/comments")
      .reply(
        403,
        { message: "API rate limit exceeded" },
        { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
      );
    await expect(
      github.octokit.rest.issues.createComment({ owner: "octo", repo: "app", issue_number: 1, body: "x" }),
    ).rejects.toMatchObject({ status: 403 });
    expect(github.recorder.requests).toHaveLength(1);
    github.assertDone();
  });

  it("does not retry a server error", async () => {
    const github = await startFakeGitHub();
    github.api.get("/repos/octo/app/pulls/1").reply(502, { message: "Bad Gateway" });
    await expect(
      github.octokit.rest.pulls.get({ owner: "octo", repo: "app", pull_number: 1 }),
    ).rejects.toMatchObject({
      status: 502,
    });
    expect(github.recorder.requests).toHaveLength(1);
  });
});
