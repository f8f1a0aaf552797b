import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import {
  openProgressComment,
  PublishError,
  type ProgressComment,
  type ProgressCommentView,
  type ProgressStep,
} from "../../src/publish/index.ts";
import { startFakeGitHub, type FakeGitHub } from "../helpers/openapi-fake-github.ts";

afterEach(() => {
  nock.cleanAll();
});

const createTemplate = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const editTemplate = "/repos/{owner}/{repo}/issues/comments/{comment_id}";
const steps: readonly ProgressStep[] = [
  { label: "Fetch the repository", stages: ["fetching"] },
  { label: "Verify each candidate", stages: ["verifying"] },
];
const start: ProgressCommentView = {
  heading: "Quorum is working on a fix for this issue.",
  steps,
  stage: "fetching",
  detail: "starting",
};
const target = { owner: "octo", repo: "app", issueNumber: 4 };

function bodies(github: FakeGitHub, template: string): string[] {
  return github.recorder.requestsTo(template === createTemplate ? "POST" : "PATCH", template).map((r) => {
    return (r.body as { body: string }).body;
  });
}

/** Opens the comment for `target` with no interval between edits; failed edits go to `errors`. */
async function openRecorded(
  github: FakeGitHub,
  options: { commentId?: number } = {},
): Promise<{ comment: ProgressComment; errors: unknown[] }> {
  const errors: unknown[] = [];
  const comment = await openProgressComment(github.octokit, {
    ...target,
    ...options,
    view: start,
    minIntervalMs: 0,
    onError: (error) => errors.push(error),
  });
  return { comment, errors };
}

describe("openProgressComment", () => {
  it("posts one comment, edits it as the work advances, and ends it as one line pointing to the result", async () => {
    const github = await startFakeGitHub();
    github.api
      .post("/repos/octo/app/issues/4/comments")
      .reply(201, { id: 70 })
      .patch("/repos/octo/app/issues/comments/70")
      .times(2)
      .reply(200, { id: 70 });
    const { comment, errors } = await openRecorded(github);
    expect(comment.id).toBe(70);
    // Mentions in a detail are defused like in every comment Quorum posts.
    comment.show({ ...start, stage: "verifying", detail: "verifying @octo's candidate 1 of 2" });
    // The same text twice is not a second edit.
    comment.show({ ...start, stage: "verifying", detail: "verifying @octo's candidate 1 of 2" });
    await comment.finish({ kind: "pull-request", summary: "Quorum verified a fix", number: 41 });
    comment.show({ ...start, stage: "verifying", detail: "too late" });

    github.assertDone();
    expect(errors).toEqual([]);
    expect(bodies(github, createTemplate)).toEqual([
      [
        "**Quorum is working on a fix for this issue.** This comment follows the work and ends with its result.",
        "",
        "- [ ] ⏳ **Fetch the repository** — starting",
        "- [ ] Verify each candidate",
      ].join("\n"),
    ]);
    const edits = bodies(github, editTemplate);
    expect(edits).toHaveLength(2);
    expect(edits[0]).toContain("- [x] Fetch the repository");
    expect(edits[0]).toContain(
      "- [ ] ⏳ **Verify each candidate** — verifying @\u200Docto's candidate 1 of 2",
    );
    expect(edits[1]).toBe("✅ Quorum verified a fix: draft pull request #41.");
  });

  it("takes over the comment an earlier attempt posted instead of posting another", async () => {
    const github = await startFakeGitHub();
    github.api.patch("/repos/octo/app/issues/comments/70").times(2).reply(200, { id: 70 });
    const { comment } = await openRecorded(github, { commentId: 70 });
    await comment.finish({ kind: "stopped", reason: "git fetch failed" });

    github.assertDone();
    expect(comment.id).toBe(70);
    expect(bodies(github, createTemplate)).toEqual([]);
    expect(bodies(github, editTemplate).at(-1)).toBe("⏹️ Quorum stopped: git fetch failed.");
  });

  it("posts a new comment when the earlier attempt's was deleted", async () => {
    const github = await startFakeGitHub();
    github.api
      .patch("/repos/octo/app/issues/comments/70")
      .reply(404, { message: "Not Found" })
      .post("/repos/octo/app/issues/4/comments")
      .reply(201, { id: 71 });
    const { comment } = await openRecorded(github, { commentId: 70 });

    github.assertDone();
    expect(comment.id).toBe(71);
  });

  it("hands a failed edit to onError and keeps going; a failed post throws a PublishError", async () => {
    const github = await startFakeGitHub();
    github.api
      .post("/repos/octo/app/issues/4/comments")
      .reply(201, { id: 70 })
      .patch("/repos/octo/app/issues/comments/70")
      .reply(502, { message: "Bad Gateway" })
      .patch("/repos/octo/app/issues/comments/70")
      .reply(200, { id: 70 })
      .post("/repos/octo/app/issues/5/comments")
      .reply(403, { message: "Resource not accessible by integration" });
    const { comment, errors } = await openRecorded(github);
    comment.show({ ...start, stage: "verifying", detail: "verifying candidate 1 of 1" });
    await comment.finish({ kind: "comment", summary: "Quorum found no verified fix" });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: "PublishError", operation: "update comment", status: 502 });

    const refused = await openProgressComment(github.octokit, {
      ...target,
      issueNumber: 5,
      view: start,
      onError: () => undefined,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PublishError);
    expect(refused).toMatchObject({ retryable: false, status: 403 });
    github.assertDone();
  });
});
