import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import nock from "nock";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { PublishError, postIssueComment } from "../../src/publish/index.ts";
import {
  computeBackoff,
  githubAwareBackoff,
  githubAwareBackoffType,
  maxBackoffMs,
  minBackoffMs,
  rateLimitMarginMs,
} from "../../src/queue/compute-backoff.ts";
import { startQuorumWorkers, type JobProcessors } from "../../src/queue/index.ts";
import { startFakeGitHub } from "../helpers/openapi-fake-github.ts";
import { createTestQueues } from "../helpers/use-test-queues.ts";

const comment = { owner: "octo", repo: "app", issueNumber: 1, body: "hello" };
const commentsPath = "/repos/octo/app/issues/1/comments";

/** The error a real rate-limited (or refused) write raises, through the real publish layer. */
async function failedWrite(status: number, headers: Record<string, string>): Promise<PublishError> {
  const github = await startFakeGitHub();
  github.api.post(commentsPath).reply(status, { message: "GitHub says no" }, headers);
  const error = await postIssueComment(github.octokit, comment).catch((e: unknown) => e);
  github.recorder.assertNoViolations();
  if (!(error instanceof PublishError)) throw new Error("expected a PublishError");
  return error;
}

afterEach(() => {
  nock.cleanAll();
  vi.useRealTimers();
});

describe("computeBackoff", () => {
  it("waits as long as a secondary rate limit's retry-after says, plus a margin", async () => {
    const error = await failedWrite(403, { "retry-after": "90" });
    expect(error.retryable).toBe(true);
    expect(computeBackoff(1, error)).toBe(90_000 + rateLimitMarginMs);
    // The advice wins over the attempt count: no exponential growth on top.
    expect(computeBackoff(4, error)).toBe(90_000 + rateLimitMarginMs);
  });

  it("waits until x-ratelimit-reset when the primary limit is exhausted (fake clock)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const reset = Math.floor(Date.now() / 1000) + 600;
    const error = await failedWrite(403, {
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(reset),
    });
    expect(computeBackoff(1, error)).toBe(600_000 + rateLimitMarginMs);
    vi.setSystemTime(Date.now() + 100_000);
    // Computed afresh from the headers for a raw Octokit error, which a read may throw.
    expect(computeBackoff(1, error.cause)).toBe(500_000 + rateLimitMarginMs);
  });

  it("does not retry a 4xx that is not a rate limit (-1: BullMQ fails the job now)", async () => {
    const refused = await failedWrite(422, {});
    expect(refused.retryable).toBe(false);
    expect(computeBackoff(1, refused)).toBe(-1);
    expect(computeBackoff(1, refused.cause)).toBe(-1);
    expect(computeBackoff(1, await failedWrite(404, {}))).toBe(-1);
  });

  it("backs off exponentially from the job's delay for server errors and unknown failures", async () => {
    const serverError = await failedWrite(502, {});
    expect([1, 2, 3].map((attempt) => computeBackoff(attempt, serverError, 2_000))).toEqual([
      2_000, 4_000, 8_000,
    ]);
    expect(computeBackoff(2, new Error("socket hang up"), 2_000)).toBe(4_000);
  });

  it("never spins (minimum wait) and never waits for ever (one hour cap)", () => {
    expect(computeBackoff(1, { retryAfterMs: 0 })).toBe(minBackoffMs);
    expect(computeBackoff(1, { retryAfterMs: 36_000_000 })).toBe(maxBackoffMs);
    expect(computeBackoff(40, new Error("x"), 2_000)).toBe(maxBackoffMs);
  });

  it("finds the advice in a wrapped error's cause chain", async () => {
    const limited = await failedWrite(429, { "retry-after": "30" });
    const wrapped = new Error("enqueue failed", { cause: limited });
    expect(computeBackoff(1, wrapped)).toBe(30_000 + rateLimitMarginMs);
  });
});

describe("a rate-limited write in a real BullMQ worker", () => {
  let queue: Queue;
  let connection: Redis;
  let prefix: string;
  let cleanup: () => Promise<void>;

  beforeAll(() => {
    const test = createTestQueues();
    prefix = test.queues.settings.prefix;
    cleanup = test.cleanup;
    connection = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
    queue = new Queue("rate-limited-writes", { connection, prefix });
  });

  afterAll(async () => {
    await queue.close();
    connection.disconnect();
    await cleanup();
  });

  it("is retried after the advertised time, not before, and not on the normal backoff", async () => {
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    const start = new Date("2030-01-01T00:00:00Z").getTime();
    vi.setSystemTime(start);
    const github = await startFakeGitHub();
    github.api
      .post(commentsPath)
      .reply(403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "120" })
      .post(commentsPath)
      .reply(201, { id: 5 });
    const attemptsAt: number[] = [];
    const worker = new Worker(
      "rate-limited-writes",
      async (job: Job) => {
        // A "wake" job makes the worker look at the queue (and its delayed jobs) right after the
        // clock jumps, instead of after its blocking read times out.
        if (job.name === "wake") return null;
        attemptsAt.push(Date.now());
        return postIssueComment(github.octokit, comment);
      },
      {
        connection: new Redis(inject("redisUrl"), { maxRetriesPerRequest: null }),
        prefix,
        settings: { backoffStrategy: githubAwareBackoff },
      },
    );
    try {
      const job = await queue.add(
        "comment",
        {},
        { attempts: 3, backoff: { type: githubAwareBackoffType, delay: 2_000 } },
      );
      await waitFor(async () => (await job.getState()) === "delayed" && attemptsAt.length === 1);
      const delayed = (await queue.getJob(job.id ?? "")) as Job;
      // BullMQ scheduled the retry for the advertised time (plus margin), not 2 s (the normal backoff).
      expect(delayed.delay).toBe(120_000 + rateLimitMarginMs);

      vi.setSystemTime(start + 119_000);
      const early = await queue.add("wake", {});
      await waitFor(async () => (await early.getState()) === "completed");
      expect(attemptsAt).toHaveLength(1);
      expect(await job.getState()).toBe("delayed");

      vi.setSystemTime(start + 121_500);
      await queue.add("wake", {});
      await waitFor(async () => (await job.getState()) === "completed");
      expect(attemptsAt).toHaveLength(2);
      expect((attemptsAt[1] ?? 0) - start).toBeGreaterThanOrEqual(120_000);
      github.assertDone();
    } finally {
      await worker.close();
    }
  });

  it.each([
    ["Quorum's publish layer (a PublishError, retryable: false)", postIssueComment, /HTTP 422/],
    [
      "a raw Octokit request (an error that does not say whether it is retryable)",
      (octokit: Awaited<ReturnType<typeof startFakeGitHub>>["octokit"], c: typeof comment) =>
        octokit.rest.issues.createComment({
          owner: c.owner,
          repo: c.repo,
          issue_number: c.issueNumber,
          body: c.body,
        }),
      /Validation Failed/,
    ],
  ])(
    "fails at once on a 4xx that is not a rate limit, through Quorum's own workers: %s",
    async (_, write, reason) => {
      const { queues, cleanup: cleanupQueues } = createTestQueues();
      const github = await startFakeGitHub();
      github.api.post(commentsPath).reply(422, { message: "Validation Failed" });
      let calls = 0;
      const gaveUp: string[] = [];
      const unused = (): Promise<never> => Promise.reject(new Error("not part of this test"));
      const processors: JobProcessors = {
        prepare: async () => {
          calls += 1;
          await write(github.octokit, comment);
          return { runId: "r", status: "planned", reviewTasks: 0 };
        },
        review: unused,
        fuse: unused,
        publish: unused,
        // What closes the run's check run: it must hear of a job the backoff refused to retry.
        giveUp: (job) => {
          gaveUp.push(job.id ?? "");
          return Promise.resolve();
        },
      };
      const workers = await startQuorumWorkers({
        settings: queues.settings,
        logger: pino({ level: "silent" }),
        review: false,
        processors,
      });
      try {
        const job = await queues.control.add(
          "prepare-review",
          {},
          { attempts: 5, backoff: { type: githubAwareBackoffType, delay: 10 } },
        );
        await waitFor(async () => (await job.getState()) === "failed");
        const failed = await queues.control.getJob(job.id ?? "");
        expect(failed?.attemptsMade).toBe(1);
        expect(failed?.failedReason).toMatch(reason);
        expect(calls).toBe(1);
        await waitFor(() => Promise.resolve(gaveUp.length > 0));
        expect(gaveUp).toEqual([job.id]);
      } finally {
        await workers.close();
        await cleanupQueues();
      }
    },
  );
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
