import { Worker } from "bullmq";
import { Redis } from "ioredis";
import nock from "nock";
import type { Probot } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { createQuorumApp } from "../../src/app.ts";
import type { CommandHook, CommandRequest } from "../../src/commands/index.ts";
import { repoConfigSchema } from "../../src/config/index.ts";
import { toPlanOptions } from "../../src/pipeline/index.ts";
import { planReview } from "../../src/plan/index.ts";
import {
  buildReviewFlow,
  computeRunId,
  jobNames,
  reviewQueueName,
  toJobIds,
  type ReviewQueues,
} from "../../src/queue/index.ts";
import { createTestProbot } from "../helpers/create-test-probot.ts";
import {
  fixtureRepo,
  installationId,
  readFixtureFiles,
  toChangedFiles,
} from "../helpers/pull-request-fixture.ts";
import { createTestQueues } from "../helpers/use-test-queues.ts";
import { checkRunId, fakeCommandGitHub } from "./fake-command-github.ts";
import { buildIssueCommentPayload, prNumber, repoPath } from "./issue-comment-fixture.ts";

const headSha = "d".repeat(40);
const baseSha = "b".repeat(40);
const pr = { ...fixtureRepo, pullNumber: prNumber, headSha, baseSha, installationId };

let queues: ReviewQueues;
let clear: () => Promise<void>;
let cleanup: () => Promise<void>;
let probot: Probot;
let deliveries = 0;
const onFix = vi.fn<CommandHook>();

function deliver(
  payload: Record<string, unknown>,
  id = `cmd-${++deliveries}`,
  name = "issue_comment",
): Promise<void> {
  return probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
}

async function controlJobs(): Promise<number> {
  const counts = await queues.control.getJobCounts();
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** A review run of the current head as the prepare step plans it; returns its review task ids. */
async function planRun(deliveryId = "d1"): Promise<string[]> {
  const config = repoConfigSchema.parse({});
  const files = toChangedFiles(readFixtureFiles("cart-discount"));
  const plan = planReview(files, toPlanOptions(config));
  const run = { runId: computeRunId(pr), deliveryId, pr, trigger: "opened", checkRunId };
  await queues.flows.add(buildReviewFlow({ run, plan, files, config, configProblems: [] }));
  return plan.tasks.filter((t) => t.kind === "review").map((t) => t.id);
}

beforeAll(async () => {
  nock.disableNetConnect();
  ({ queues, clear, cleanup } = createTestQueues());
  probot = createTestProbot();
  await probot.load(createQuorumApp({ queues, onFix }));
});

beforeEach(async () => {
  await clear();
  onFix.mockReset();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  await cleanup();
  nock.enableNetConnect();
});

describe("/quorum review", () => {
  it("by a write user: 👀 at once, then a review queued exactly like a PR event, bound to the head", async () => {
    const github = await fakeCommandGitHub({ permission: "write", pull: { headSha, baseSha } });
    await deliver(buildIssueCommentPayload({ body: "Looks odd.\n/quorum review" }), "cmd-review-1");

    expect(github.reactions).toEqual(["eyes"]);
    expect(github.replies).toEqual([]);
    const job = await queues.control.getJob("delivery-cmd-review-1");
    expect(job?.name).toBe(jobNames.prepare);
    expect(job?.data).toMatchObject({
      trigger: "command",
      pr,
      authorizedHeadSha: headSha,
      requestedBy: "octo-dev",
      fromFork: false,
    });
    github.recorder.assertNoViolations();
    // The permission was asked of the API for the commenter.
    expect(
      github.recorder.requestsTo("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission"),
    ).toHaveLength(1);
  });

  it("by a read user: a polite refusal and nothing queued", async () => {
    const github = await fakeCommandGitHub({ permission: "read", pull: { headSha } });
    await deliver(buildIssueCommentPayload({ body: "/quorum review", login: "visitor" }));

    expect(github.reactions).toEqual(["eyes"]);
    expect(github.replies).toHaveLength(1);
    expect(github.replies[0]).toMatch(/needs write access/);
    expect(github.replies[0]).toContain("`read`");
    expect(await controlJobs()).toBe(0);
    // The pull request was not even looked at.
    expect(github.recorder.requestsTo("GET", "/repos/{owner}/{repo}/pulls/{pull_number}")).toHaveLength(0);
    github.recorder.assertNoViolations();
  });

  it("when the permission API fails (500): refused, fail closed, nothing queued", async () => {
    const github = await fakeCommandGitHub({ permission: { status: 500 }, pull: { headSha } });
    await deliver(buildIssueCommentPayload({ body: "/quorum review" }));

    expect(github.replies).toHaveLength(1);
    expect(github.replies[0]).toMatch(/could not check whether you have write access/);
    expect(await controlJobs()).toBe(0);
  });

  it("ignores author_association: an OWNER-associated read user is still refused", async () => {
    const github = await fakeCommandGitHub({ permission: "read", pull: { headSha } });
    const payload = buildIssueCommentPayload({ body: "/quorum review" });
    (payload.comment as Record<string, unknown>).author_association = "OWNER";
    await deliver(payload);
    expect(github.replies[0]).toMatch(/needs write access/);
    expect(await controlJobs()).toBe(0);
  });

  it("does not review a head twice: an existing run gets a pointer to status instead", async () => {
    await planRun("earlier");
    const github = await fakeCommandGitHub({ pull: { headSha } });
    await deliver(buildIssueCommentPayload({ body: "/quorum review" }), "cmd-review-again");

    expect(github.replies[0]).toMatch(/already reviewing the current head `dddddddddddd`/);
    expect(await queues.control.getJob("delivery-cmd-review-again")).toBeUndefined();
  });

  it("on a closed pull request: says so and queues nothing", async () => {
    const github = await fakeCommandGitHub({ pull: { headSha, state: "closed" } });
    await deliver(buildIssueCommentPayload({ body: "/quorum review" }));
    expect(github.replies[0]).toMatch(/closed/);
    expect(await controlJobs()).toBe(0);
  });
});

describe("who and what is listened to", () => {
  it("never reacts to Quorum's own comments or other bots: no GitHub call, no job", async () => {
    const github = await fakeCommandGitHub();
    await deliver(
      buildIssueCommentPayload({ body: "/quorum review", login: "quorum[bot]", userType: "Bot" }),
    );
    await deliver(
      buildIssueCommentPayload({ body: "/quorum fix", login: "dependabot[bot]", userType: "Bot" }),
    );
    expect(github.recorder.requests).toEqual([]);
    expect(await controlJobs()).toBe(0);
  });

  it("ignores a command quoted from someone else or shown as code: no reaction, no reply", async () => {
    const github = await fakeCommandGitHub({ deliveries: 3 });
    await deliver(buildIssueCommentPayload({ body: "> /quorum review\n\nwhy did the bot run?" }));
    await deliver(buildIssueCommentPayload({ body: "Type `/quorum review` to run it." }));
    await deliver(buildIssueCommentPayload({ body: "```\n/quorum fix\n```" }));
    expect(github.writes()).toEqual([]);
    expect(await controlJobs()).toBe(0);
  });

  it("does not even read the config for an ordinary comment", async () => {
    const github = await fakeCommandGitHub();
    await deliver(buildIssueCommentPayload({ body: "LGTM, thanks!" }));
    expect(github.recorder.requests).toEqual([]);
  });

  it("ignores edited comments: editing an old comment cannot smuggle in a command", async () => {
    const github = await fakeCommandGitHub();
    const payload = {
      ...buildIssueCommentPayload({ body: "/quorum review" }),
      action: "edited",
      changes: {},
    };
    await deliver(payload);
    expect(github.recorder.requests).toEqual([]);
  });

  it("answers a redelivered comment once, even after the first delivery finished", async () => {
    const github = await fakeCommandGitHub({ deliveries: 2 });
    const payload = buildIssueCommentPayload({ body: "/quorum help" });
    await deliver(payload, "cmd-redelivered");
    await deliver(payload, "cmd-redelivered");
    expect(github.reactions).toHaveLength(1);
    expect(github.replies).toHaveLength(1);
  });

  it("uses the repository's prefix from .github/quorum.yml", async () => {
    const github = await fakeCommandGitHub({ configYaml: "commands:\n  prefix: /qa\n", deliveries: 2 });
    await deliver(buildIssueCommentPayload({ body: "/quorum help" }));
    expect(github.replies).toEqual([]);
    await deliver(buildIssueCommentPayload({ body: "/qa help" }));
    expect(github.replies).toHaveLength(1);
    expect(github.replies[0]).toContain("`/qa review`");
  });
});

describe("help, config and unknown commands (anyone)", () => {
  it("answers an unknown command with help, without echoing markup", async () => {
    const github = await fakeCommandGitHub();
    await deliver(buildIssueCommentPayload({ body: "/quorum approve`<img src=x>`" }));
    expect(github.reactions).toEqual(["eyes"]);
    expect(github.replies[0]).toMatch(/I did not understand `\/quorum approve/);
    expect(github.replies[0]).toContain("| `/quorum review` |");
    // What the user typed is shown only inside a code span, which GitHub renders as text.
    expect(github.replies[0]).toContain("`/quorum approve<img`");
    // help needs no permission: the API was not asked.
    expect(
      github.recorder.requestsTo("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission"),
    ).toEqual([]);
  });

  it("refuses options that try to change how a command runs", async () => {
    const github = await fakeCommandGitHub({ pull: { headSha } });
    await deliver(buildIssueCommentPayload({ body: "/quorum review --no-sandbox --permission=admin" }));
    expect(github.replies[0]).toMatch(/`review` takes no arguments/);
    expect(await controlJobs()).toBe(0);
  });

  it("shows the effective config as YAML, sanitised (no secret, no ping) and with its problems", async () => {
    const token = `ghp_${"x".repeat(36)}`;
    const github = await fakeCommandGitHub({
      configYaml: `review:\n  reviewers: 99\n  ignore: ["${token}", "@octo/team"]\n`,
    });
    await deliver(buildIssueCommentPayload({ body: "/quorum config" }));
    const reply = github.replies[0] ?? "";
    expect(reply).toContain("```yaml");
    expect(reply).toMatch(/reviewers: 3/);
    expect(reply).toContain("prefix: /quorum");
    expect(reply).toContain("`review.reviewers`");
    expect(reply).not.toContain(token);
    expect(reply).toContain("[redacted]");
  });
});

describe("fix, tests and explain", () => {
  it("/quorum fix by a read user: refusal, and the fix workflow is never called", async () => {
    const github = await fakeCommandGitHub({ permission: "read", pull: { headSha } });
    await deliver(buildIssueCommentPayload({ body: "/quorum fix" }));
    expect(github.replies[0]).toMatch(/needs write access/);
    expect(onFix).not.toHaveBeenCalled();
    expect(await controlJobs()).toBe(0);
  });

  it("/quorum fix by a write user on a fork's PR: handed to the fix hook with the fork noted", async () => {
    onFix.mockResolvedValue({ reply: "Fix queued." });
    const github = await fakeCommandGitHub({
      permission: "admin",
      pull: { headSha, headRepo: "mallory/Hello-World" },
    });
    await deliver(buildIssueCommentPayload({ body: "/quorum fix" }));
    expect(onFix).toHaveBeenCalledTimes(1);
    const request = onFix.mock.calls[0]?.[0] as CommandRequest;
    expect(request).toMatchObject({
      requestedBy: "octo-dev",
      permission: "admin",
      issueNumber: prNumber,
      pullRequest: { fromFork: true, ref: { headSha, pullNumber: prNumber } },
    });
    expect(github.replies).toEqual(["Fix queued."]);
  });

  it("/quorum explain says honestly that it is not available yet", async () => {
    const github = await fakeCommandGitHub();
    await deliver(buildIssueCommentPayload({ body: "/quorum explain what does line 5 do?" }));
    expect(github.replies).toHaveLength(1);
    expect(github.replies[0]).toMatch(/is not available in this version of Quorum yet/);
  });

  it("/quorum tests queues test generation for the head the commenter authorised", async () => {
    const github = await fakeCommandGitHub({ permission: "write", pull: { headSha }, pullReads: 2 });
    github.api
      .get(repoPath)
      .reply(200, { clone_url: "https://github.com/Codertocat/Hello-World.git", default_branch: "main" })
      .get(`${repoPath}/pulls/${prNumber}/files`)
      .query(true)
      .reply(200, [
        { filename: "src/cart.js", status: "modified", additions: 1, deletions: 0 },
        { filename: "old.js", status: "removed", additions: 0, deletions: 3 },
      ]);
    await deliver(buildIssueCommentPayload({ body: "/quorum tests" }));
    const jobs = await queues.fix.getJobs(["waiting", "active", "completed", "failed"]);
    expect(jobs.map((j) => j.data as unknown)).toEqual([
      expect.objectContaining({
        pullRequest: expect.objectContaining({ number: prNumber, headSha, headRef: "feature" }),
        changedFiles: ["src/cart.js"],
      }),
    ]);
    expect(github.replies[0]).toMatch(/Writing tests/);
    github.recorder.assertNoViolations();
  });

  it("/quorum tests on a pull request from a fork is declined and queues nothing", async () => {
    const github = await fakeCommandGitHub({
      permission: "write",
      pull: { headSha, headRepo: "someone/fork" },
    });
    await deliver(buildIssueCommentPayload({ body: "/quorum tests" }));
    expect(github.replies[0]).toMatch(/fork/);
    expect(await queues.fix.getJobs(["waiting", "active", "completed", "failed"])).toHaveLength(0);
  });
});

describe("status and cancel", () => {
  it("status: a table of every sub-task's state and a Mermaid graph of the DAG (anyone may ask)", async () => {
    const reviewIds = await planRun();
    const github = await fakeCommandGitHub({ permission: "read", pull: { headSha } });
    await deliver(buildIssueCommentPayload({ body: "/quorum status", login: "visitor" }));

    const reply = github.replies[0] ?? "";
    expect(reply).toContain(`0/${reviewIds.length + 2} sub-tasks done`);
    expect(reply).toMatch(/\| review c1 · r1 \| waiting \| 0 \|/);
    expect(reply).toMatch(/\| fuse \| waiting-children \| 0 \|/);
    expect(reply).toMatch(/\| publish \| waiting-children \| 0 \|/);
    expect(reply).toContain("```mermaid\nflowchart LR");
    expect(reply).toContain("chunk1 --> fuse");
    expect(reply).toContain("fuse --> publish");
  });

  it("status without a run says so", async () => {
    const github = await fakeCommandGitHub({ pull: { headSha } });
    await deliver(buildIssueCommentPayload({ body: "/quorum status" }));
    expect(github.replies[0]).toMatch(/no run for the current head `dddddddddddd`/);
  });

  it("cancel: removes the queued jobs (a running one finishes into nothing), marks the check run cancelled", async () => {
    const reviewIds = await planRun();
    // One review is already running on a worker when the cancel arrives.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const connection = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
    const worker = new Worker(
      reviewQueueName,
      async () => {
        started();
        await gate;
        return { status: "failed" };
      },
      { connection, prefix: queues.settings.prefix, concurrency: 1 },
    );
    await running;

    const github = await fakeCommandGitHub({ permission: "maintain", pull: { headSha } });
    await deliver(buildIssueCommentPayload({ body: "/quorum cancel" }));
    release();
    await worker.close();
    connection.disconnect();

    expect(github.replies[0]).toMatch(
      new RegExp(`Cancelled the run for \`dddddddddddd\`: ${reviewIds.length + 1} queued job`),
    );
    expect(github.replies[0]).toMatch(/1 sub-task\(s\) were already running/);
    expect(github.checkRunUpdates).toEqual([
      expect.objectContaining({ status: "completed", conclusion: "cancelled" }),
    ]);
    const ids = toJobIds(computeRunId(pr));
    expect(await queues.control.getJob(ids.publish)).toBeUndefined();
    expect(await queues.control.getJob(ids.fuse)).toBeUndefined();
    // Nothing is left that could publish: fuse and publish are gone even after the running review ended.
    expect(await controlJobs()).toBe(0);
    // Running model calls of the run were told to stop, through the run registry.
    expect(await queues.runs.cancelledReason(computeRunId(pr))).toBe("cancelled by octo-dev");
    github.recorder.assertNoViolations();

    // Asking for a review of the same head again says why not, instead of queueing skipped work.
    nock.cleanAll();
    const again = await fakeCommandGitHub({ permission: "write", pull: { headSha } });
    await deliver(buildIssueCommentPayload({ body: "/quorum review" }), "cmd-after-cancel");
    expect(again.replies[0]).toMatch(/was cancelled \(cancelled by octo-dev\)\. Push a new commit/);
    expect(await queues.control.getJob("delivery-cmd-after-cancel")).toBeUndefined();
  });

  it("cancel by a read user: refused, the run untouched", async () => {
    await planRun();
    const github = await fakeCommandGitHub({ permission: "read", pull: { headSha } });
    await deliver(buildIssueCommentPayload({ body: "/quorum cancel" }));
    expect(github.replies[0]).toMatch(/needs write access/);
    expect(await queues.control.getJob(toJobIds(computeRunId(pr)).publish)).toBeDefined();
  });
});
