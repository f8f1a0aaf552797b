import nock from "nock";
import type { Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createQuorumApp } from "../../src/app.ts";
import type { FixJobData, ReviewQueues } from "../../src/queue/index.ts";
import { createTestProbot } from "../helpers/create-test-probot.ts";
import { fixtureRepo, installationId } from "../helpers/pull-request-fixture.ts";
import { createTestQueues } from "../helpers/use-test-queues.ts";
import { fakeCommandGitHub } from "./fake-command-github.ts";
import {
  buildIssueCommentPayload,
  prNumber,
  pullRequestResponse,
  repoPath,
} from "./issue-comment-fixture.ts";

/** The real `/quorum fix` hook (no worker runs here): what it queues, and what it declines. */
const headSha = "d".repeat(40);
let queues: ReviewQueues;
let cleanup: () => Promise<void>;
let probot: Probot;
let deliveries = 0;

function deliver(): Promise<void> {
  deliveries += 1;
  return probot.receive({
    id: `fix-hook-${deliveries}`,
    name: "issue_comment",
    payload: buildIssueCommentPayload({ body: "/quorum fix" }),
  } as Parameters<Probot["receive"]>[0]);
}

async function fixJobs(): Promise<FixJobData[]> {
  const jobs = await queues.fix.getJobs(["waiting", "active", "completed", "failed", "delayed"]);
  return jobs.map((job) => job.data as FixJobData);
}

/** `GET /repos/{o}/{r}` and the hook's own `GET /pulls/{n}` (with title, body and head branch). */
function answerHookReads(
  github: Awaited<ReturnType<typeof fakeCommandGitHub>>,
  state: "open" | "closed",
): void {
  github.api
    .get(repoPath)
    .reply(200, { clone_url: "https://github.com/Codertocat/Hello-World.git", default_branch: "main" })
    .get(`${repoPath}/pulls/${prNumber}`)
    .reply(200, {
      ...pullRequestResponse({ headSha, state }),
      title: "Clamp totals",
      body: "Fixes the cart.",
    });
}

beforeAll(async () => {
  nock.disableNetConnect();
  ({ queues, cleanup } = createTestQueues());
  probot = createTestProbot();
  await probot.load(createQuorumApp({ queues }));
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  await cleanup();
  nock.enableNetConnect();
});

describe("/quorum fix on a pull request", () => {
  it("queues a fix bound to the head the commenter saw, into the pull request's branch, once per head", async () => {
    const github = await fakeCommandGitHub({ permission: "write", pull: { headSha }, deliveries: 2 });
    answerHookReads(github, "open");
    await deliver();

    expect(await fixJobs()).toEqual([
      expect.objectContaining({
        issue: { number: prNumber, title: "Clamp totals", body: "Fixes the cart." },
        pullRequest: {
          ref: { ...fixtureRepo, pullNumber: prNumber, headSha, baseSha: "b".repeat(40), installationId },
          headRef: "feature",
        },
        cloneUrl: "https://github.com/Codertocat/Hello-World.git",
        requestedBy: "octo-dev",
      }),
    ]);
    expect(github.replies[0]).toMatch(
      /^Working on a fix for `ddddddd`.*draft\*\* pull request into `feature`/,
    );

    // The same head again while the first is queued: nothing new.
    github.api.get(`${repoPath}/pulls/${prNumber}`).reply(200, pullRequestResponse({ headSha }));
    answerHookReads(github, "open");
    await deliver();
    expect(await fixJobs()).toHaveLength(1);
    expect(github.replies[1]).toBe("A fix for `ddddddd` is already queued or running.");
    github.recorder.assertNoViolations();
  });

  it("declines a closed pull request and queues nothing", async () => {
    await queues.fix.obliterate({ force: true });
    const github = await fakeCommandGitHub({ permission: "write", pull: { headSha, state: "closed" } });
    answerHookReads(github, "closed");
    await deliver();
    expect(github.replies).toEqual(["This pull request is closed; Quorum fixes open pull requests only."]);
    expect(await fixJobs()).toEqual([]);
  });
});
