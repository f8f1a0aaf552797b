import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { fetchPullRequestHead } from "../../src/github/index.ts";
import { startFakeGitHub } from "../helpers/openapi-fake-github.ts";

afterEach(() => {
  nock.cleanAll();
});

const ref = { owner: "octo", repo: "app", pullNumber: 9 };

function pull(headRepo: { full_name: string } | null, state = "open"): Record<string, unknown> {
  return {
    number: 9,
    state,
    draft: false,
    merged: false,
    head: { sha: "h".repeat(40), ref: "feature", repo: headRepo },
    base: { sha: "b".repeat(40), ref: "main", repo: { full_name: "octo/app" } },
  };
}

describe("fetchPullRequestHead", () => {
  it("reads the current head and base of a same-repository pull request", async () => {
    const github = await startFakeGitHub();
    github.api.get("/repos/octo/app/pulls/9").reply(200, pull({ full_name: "octo/app" }));
    expect(await fetchPullRequestHead(github.octokit, ref)).toEqual({
      headSha: "h".repeat(40),
      baseSha: "b".repeat(40),
      state: "open",
      draft: false,
      merged: false,
      fromFork: false,
      headRepository: "octo/app",
    });
    github.assertDone();
  });

  it("marks a head in another repository as a fork", async () => {
    const github = await startFakeGitHub();
    github.api.get("/repos/octo/app/pulls/9").reply(200, pull({ full_name: "mallory/app" }));
    expect(await fetchPullRequestHead(github.octokit, ref)).toMatchObject({
      fromFork: true,
      headRepository: "mallory/app",
    });
  });

  it("marks a head whose fork was deleted as a fork", async () => {
    const github = await startFakeGitHub();
    github.api.get("/repos/octo/app/pulls/9").reply(200, pull(null, "closed"));
    expect(await fetchPullRequestHead(github.octokit, ref)).toMatchObject({
      fromFork: true,
      headRepository: undefined,
      state: "closed",
    });
  });
});
