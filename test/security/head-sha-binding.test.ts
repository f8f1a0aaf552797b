import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { computeRunId, toJobIds } from "../../src/queue/index.ts";
import { fakeCommandGitHub } from "../commands/fake-command-github.ts";
import {
  buildIssueCommentPayload,
  prNumber,
  pullRequestResponse,
  repoPath,
} from "../commands/issue-comment-fixture.ts";
import { fixtureRepo, installationId, readFixtureFiles } from "../helpers/pull-request-fixture.ts";
import { startReviewHarness, type ReviewHarness } from "../helpers/start-review-harness.ts";

const authorizedHead = "a".repeat(40);
const movedHead = "f".repeat(40);

let harness: ReviewHarness;

/** The command job's outcome: how it ended, the status it returned, and how many attempts it took. */
async function waitForCommand(jobId: string): Promise<{ state: string; status: unknown; attempts: number }> {
  const { state, value, attempts } = await harness.waitForJob(jobId, 30_000);
  return { state, status: (value as { status?: unknown } | null)?.status, attempts };
}

beforeAll(async () => {
  // Control jobs only (no pool): the prepare step is what enforces the binding.
  harness = await startReviewHarness({ demo: false });
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  await harness.dispose();
});

describe("an authorisation is bound to the head it was given for", () => {
  it("stops with 'head changed' when the PR moves between the command and the run, creating nothing", async () => {
    // The command sees the authorised head; by the time the worker runs, a push moved it.
    const github = await fakeCommandGitHub({ permission: "write", pull: { headSha: authorizedHead } });
    github.api.get(`${repoPath}/pulls/${prNumber}`).reply(200, pullRequestResponse({ headSha: movedHead }));

    await harness.deliver("bind-1", buildIssueCommentPayload({ body: "/quorum review" }), "issue_comment");
    const outcome = await waitForCommand("delivery-bind-1");

    // Stopped once, not retried: a retry would only find the same moved head.
    expect(outcome).toMatchObject({ state: "completed", status: "head-changed", attempts: 1 });
    expect(github.replies.at(-1)).toMatch(/head changed/);
    expect(github.replies.at(-1)).toContain(movedHead.slice(0, 12));
    // Nothing was created for the stale head: no check run, no review, no flow.
    expect(github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/check-runs")).toEqual([]);
    expect(github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews")).toEqual(
      [],
    );
    const pr = { ...fixtureRepo, pullNumber: prNumber, headSha: authorizedHead, baseSha: "", installationId };
    expect(await harness.queues.control.getJob(toJobIds(computeRunId(pr)).publish)).toBeUndefined();
    github.recorder.assertNoViolations();
  });

  it("runs when the head is still the authorised one", async () => {
    const github = await fakeCommandGitHub({
      permission: "write",
      pull: { headSha: authorizedHead },
      pullReads: 2,
    });
    github.api
      .post(`${repoPath}/check-runs`)
      .reply(201, { id: 7001 })
      .get(`${repoPath}/pulls/${prNumber}/files`)
      .query(true)
      .reply(200, readFixtureFiles("cart-discount"));

    await harness.deliver("bind-2", buildIssueCommentPayload({ body: "/quorum review" }), "issue_comment");
    const outcome = await waitForCommand("delivery-bind-2");

    expect(outcome).toMatchObject({ state: "completed", status: "planned" });
    const [checkRun] = github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/check-runs");
    expect(checkRun?.body).toMatchObject({ head_sha: authorizedHead });
    const pr = { ...fixtureRepo, pullNumber: prNumber, headSha: authorizedHead, baseSha: "", installationId };
    expect(await harness.queues.control.getJob(toJobIds(computeRunId(pr)).publish)).toBeDefined();
    github.recorder.assertNoViolations();
  });
});
