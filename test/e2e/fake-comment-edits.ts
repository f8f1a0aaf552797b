import type nock from "nock";
import { expect } from "vitest";
import { repoPath } from "../helpers/pull-request-fixture.ts";

/** One `PATCH /issues/comments/{id}` Quorum sent: the edit of a progress comment. */
export interface CommentEdit {
  readonly commentId: number;
  readonly body: string;
}

/**
 * GitHub's side of editing conversation comments of the fixture repository (a job's progress
 * comment), recorded in order. Optional, up to `times` edits: a test asserts what it expects.
 */
export function fakeCommentEdits(api: nock.Scope, options: { readonly times?: number } = {}): CommentEdit[] {
  const edits: CommentEdit[] = [];
  api
    .patch(new RegExp(`^${repoPath}/issues/comments/\\d+$`))
    .optionally()
    .times(options.times ?? 40)
    .reply(200, (uri, body) => {
      const commentId = Number(uri.split("/").at(-1));
      edits.push({ commentId, body: (body as { body: string }).body });
      return { id: commentId };
    });
  return edits;
}

/**
 * Asserts what a job's progress comment went through: every edit went to `commentId`, at least one
 * before the last shows the work under way (a checklist with a step marked ⏳), and the last edit
 * matches `final`, so no stale "working" comment is left. Returns the edits' bodies.
 */
export function expectProgressEdits(
  edits: readonly CommentEdit[],
  options: { readonly commentId: number; readonly final: RegExp },
): string[] {
  expect(edits.map((edit) => edit.commentId)).toEqual(edits.map(() => options.commentId));
  const bodies = edits.map((edit) => edit.body);
  expect(bodies.slice(0, -1).some((body) => /^- \[ \] ⏳ \*\*/m.test(body))).toBe(true);
  expect(bodies.at(-1)).toMatch(options.final);
  return bodies;
}
