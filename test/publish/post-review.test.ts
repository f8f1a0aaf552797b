import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import type { ChangedFile } from "../../src/domain/index.ts";
import {
  PublishError,
  placeFindings,
  postReview,
  unplacedCommentsHeading,
  type InlineComment,
} from "../../src/publish/index.ts";
import { startFakeGitHub } from "../helpers/openapi-fake-github.ts";
import { fusedFinding } from "./finding-fixture.ts";

afterEach(() => {
  nock.cleanAll();
});

const reviewsPath = "/repos/octo/app/pulls/7/reviews";
const reviewsTemplate = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews";
const commitId = "0123456789abcdef0123456789abcdef01234567";
const target = { owner: "octo", repo: "app", pullNumber: 7, commitId };

const files: ChangedFile[] = [
  {
    path: "src/a.ts",
    status: "modified",
    additions: 2,
    deletions: 1,
    patch: "@@ -1,3 +1,4 @@\n keep\n-old\n+new\n+more\n tail",
  },
];

function comment(line: number, body: string): InlineComment {
  return { path: "src/a.ts", line, side: "RIGHT", body, finding: fusedFinding({ line }) };
}

describe("postReview", () => {
  it("posts one COMMENT review whose inline comments sit only on diff lines", async () => {
    const github = await startFakeGitHub();
    github.api.post(reviewsPath).reply(200, { id: 11 });
    const { inline, outsideDiff } = placeFindings(
      [fusedFinding({ line: 3, message: "inline" }), fusedFinding({ line: 30, message: "elsewhere" })],
      files,
      (finding) => finding.message,
    );

    const posted = await postReview(github.octokit, { ...target, body: "Summary", comments: inline });

    expect(posted).toEqual({ id: 11, inlineComments: 1 });
    expect(outsideDiff.map((finding) => finding.line)).toEqual([30]);
    github.assertDone();
    const [request] = github.recorder.requestsTo("POST", reviewsTemplate);
    expect(request?.body).toEqual({
      commit_id: commitId,
      event: "COMMENT",
      body: "Summary",
      comments: [{ path: "src/a.ts", line: 3, side: "RIGHT", body: "inline" }],
    });
  });

  it("sends no comments field when there are none", async () => {
    const github = await startFakeGitHub();
    github.api.post(reviewsPath).reply(200, { id: 12 });
    await postReview(github.octokit, { ...target, body: "Nothing inline", comments: [] });
    github.assertDone();
    expect(github.recorder.requests[0]?.body).toEqual({
      commit_id: commitId,
      event: "COMMENT",
      body: "Nothing inline",
    });
  });

  it("on 422 posts once more without inline comments, their text appended to the body", async () => {
    const github = await startFakeGitHub();
    github.api
      .post(reviewsPath)
      .reply(422, {
        message: "Unprocessable Entity",
        errors: ["Line could not be resolved"],
        documentation_url: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
      })
      .post(reviewsPath)
      .reply(200, { id: 13 });

    const posted = await postReview(github.octokit, {
      ...target,
      body: "Summary",
      comments: [comment(2, "first finding"), comment(3, "second finding")],
    });

    expect(posted).toEqual({ id: 13, inlineComments: 0 });
    github.assertDone();
    const [, retry] = github.recorder.requestsTo("POST", reviewsTemplate);
    const body = retry?.body as { body: string; event: string; comments?: unknown };
    expect(body.event).toBe("COMMENT");
    expect(body.comments).toBeUndefined();
    expect(body.body).toBe(
      `Summary\n\n${unplacedCommentsHeading}\n\n**\`src/a.ts\` line 2**\n\nfirst finding\n\n**\`src/a.ts\` line 3**\n\nsecond finding`,
    );
  });

  it("gives up with a non-retryable PublishError when the fallback is refused too", async () => {
    const github = await startFakeGitHub();
    github.api.post(reviewsPath).twice().reply(422, { message: "Unprocessable Entity" });
    const posting = postReview(github.octokit, { ...target, body: "S", comments: [comment(2, "x")] });
    await expect(posting).rejects.toMatchObject({ name: "PublishError", retryable: false, status: 422 });
    github.assertDone();
  });

  it("does not retry a 422 when there were no inline comments to drop", async () => {
    const github = await startFakeGitHub();
    github.api.post(reviewsPath).reply(422, { message: "Unprocessable Entity" });
    await expect(postReview(github.octokit, { ...target, body: "S", comments: [] })).rejects.toBeInstanceOf(
      PublishError,
    );
    github.assertDone();
  });

  it("reports a server error as a retryable PublishError carrying the cause", async () => {
    const github = await startFakeGitHub();
    github.api.post(reviewsPath).reply(500, { message: "Server Error" });
    const error: unknown = await postReview(github.octokit, {
      ...target,
      body: "S",
      comments: [comment(2, "x")],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PublishError);
    expect(error).toMatchObject({ retryable: true, status: 500, operation: "create review" });
    expect((error as PublishError).cause).toMatchObject({ status: 500 });
    github.assertDone();
  });

  it("reports a missing pull request as a non-retryable PublishError", async () => {
    const github = await startFakeGitHub();
    github.api.post(reviewsPath).reply(404, { message: "Not Found" });
    await expect(postReview(github.octokit, { ...target, body: "S", comments: [] })).rejects.toMatchObject({
      retryable: false,
      status: 404,
    });
    github.assertDone();
  });

  it("reports a rate-limited 403 as retryable with the wait GitHub asked for", async () => {
    const github = await startFakeGitHub();
    github.api
      .post(reviewsPath)
      .reply(403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "60" });
    await expect(postReview(github.octokit, { ...target, body: "S", comments: [] })).rejects.toMatchObject({
      retryable: true,
      status: 403,
      retryAfterMs: 60_000,
    });
    github.assertDone();
  });
});
