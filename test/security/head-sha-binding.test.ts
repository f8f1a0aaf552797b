import nock from "nock";
import { pino } from "pino";
import type { Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createQuorumApp } from "../../src/app.ts";
import { createJobProcessors } from "../../src/pipeline/index.ts";
import {
  computeRunId,
  startQuorumWorkers,
  toJobIds,
  type QuorumWorkers,
  type ReviewQueues,
} from "../../src/queue/index.ts";
import { fakeCommandGitHub } from "../commands/fake-command-github.ts";
import {
  buildIssueCommentPayload,
  prNumber,
  pullRequestResponse,
  repoPath,
} from "../commands/issue-comment-fixture.ts";
import { createTestProbot } from "../helpers/create-test-probot.ts";
import { fixtureRepo, installationId, readFixtureFiles } from "../helpers/pull-request-fixture.ts";
import { createTestQueues } from "../helpers/use-test-queues.ts";

const authorizedHead = "a".repeat(40);
const movedHead = "f".repeat(40);

let queues: ReviewQueues;
let cleanup: () => Promise<void>;
let probot: Probot;
let workers: QuorumWorkers;

async function waitForJob(jobId: string): Promise<{ state: string; status: unknown; attempts: number }> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const job = await queues.control.getJob(jobId);
    const state = job ? await job.getState() : "missing";
    // The job object was read before it finished: read it again for its result.
    const finished =
      state === "completed" || state === "failed" ? await queues.control.getJob(jobId) : undefined;
    if (finished)
      return {
        state,
        status: (finished.returnvalue as { status?: unknown } | null)?.status,
        attempts: finished.attemptsMade,
      };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

beforeAll(async () => {
  nock.disableNetConnect();
  ({ queues, cleanup } = createTestQueues());
  probot = createTestProbot();
  await probot.load(createQuorumApp({ queues }));
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  // Control jobs only: the prepare step is what enforces the binding.
  workers = await startQuorumWorkers({
    settings: queues.settings,
    logger,
    review: false,
    processors: createJobProcessors({
      github: { forInstallation: (id) => probot.auth(id) },
      queues,
      logger,
      demo: false,
    }),
  });
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  await workers.close();
  await cleanup();
  nock.enableNetConnect();
});

describe("an authorisation is bound to the head it was given for", () => {
  it("stops with 'head changed' when the PR moves between the command and the run, creating nothing", async () => {
    // The command sees the authorised head; by the time the worker runs, a push moved it.
    const github = await fakeCommandGitHub({ permission: "write", pull: { headSha: authorizedHead } });
    github.api.get(`${repoPath}/pulls/${prNumber}`).reply(200, pullRequestResponse({ headSha: movedHead }));

    await probot.receive({
      id: "bind-1",
      name: "issue_comment",
      payload: buildIssueCommentPayload({ body: "/quorum review" }),
    } as Parameters<Probot["receive"]>[0]);
    const outcome = await waitForJob("delivery-bind-1");

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
    expect(await queues.control.getJob(toJobIds(computeRunId(pr)).publish)).toBeUndefined();
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

    await probot.receive({
      id: "bind-2",
      name: "issue_comment",
      payload: buildIssueCommentPayload({ body: "/quorum review" }),
    } as Parameters<Probot["receive"]>[0]);
    const outcome = await waitForJob("delivery-bind-2");

    expect(outcome).toMatchObject({ state: "completed", status: "planned" });
    const [checkRun] = github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/check-runs");
    expect(checkRun?.body).toMatchObject({ head_sha: authorizedHead });
    const pr = { ...fixtureRepo, pullNumber: prNumber, headSha: authorizedHead, baseSha: "", installationId };
    expect(await queues.control.getJob(toJobIds(computeRunId(pr)).publish)).toBeDefined();
    github.recorder.assertNoViolations();
  });
});
