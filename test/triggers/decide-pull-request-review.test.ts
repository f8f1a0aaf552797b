import { describe, expect, it } from "vitest";
import { decidePullRequestReview, type PullRequestEventPayload } from "../../src/triggers/index.ts";
import { buildPullRequestPayload } from "../helpers/pull-request-fixture.ts";

function payload(overrides: { action?: string; draft?: boolean; senderType?: string; state?: string } = {}) {
  const p = buildPullRequestPayload({
    headSha: "f".repeat(40),
    action: overrides.action,
    draft: overrides.draft,
  });
  const typed = p as unknown as PullRequestEventPayload & {
    sender: { type: string };
    pull_request: { state: string };
  };
  if (overrides.senderType) typed.sender.type = overrides.senderType;
  if (overrides.state) typed.pull_request.state = overrides.state;
  return typed;
}

describe("decidePullRequestReview", () => {
  it.each(["opened", "reopened", "ready_for_review", "synchronize"])(
    "reviews a %s pull request",
    (action) => {
      const decision = decidePullRequestReview(payload({ action }));
      expect(decision).toMatchObject({
        review: true,
        action,
        pr: {
          owner: "Codertocat",
          repo: "Hello-World",
          pullNumber: 2,
          headSha: "f".repeat(40),
          installationId: 4242,
        },
      });
    },
  );

  it("ignores drafts, closed pull requests, other actions and bots", () => {
    expect(decidePullRequestReview(payload({ draft: true }))).toMatchObject({
      review: false,
      why: "draft pull request",
    });
    expect(decidePullRequestReview(payload({ state: "closed" })).review).toBe(false);
    expect(decidePullRequestReview(payload({ action: "labeled" })).review).toBe(false);
    expect(decidePullRequestReview(payload({ senderType: "Bot" })).review).toBe(false);
  });
});
