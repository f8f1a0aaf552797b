import { UnrecoverableError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { isFinalFailure } from "../../src/pipeline/is-final-failure.ts";
import { PublishError } from "../../src/publish/index.ts";
import { fixQueueName, type ReviewQueues } from "../../src/queue/index.ts";
import { createTestQueues } from "../helpers/use-test-queues.ts";

let queues: ReviewQueues;
let cleanup: () => Promise<void>;
beforeAll(() => {
  ({ queues, cleanup } = createTestQueues());
});
afterAll(async () => {
  await cleanup();
});

/** An HTTP error as Octokit throws it. */
function gitHubError(status: number): Error & { status: number; response: { headers: object } } {
  return Object.assign(new Error(`HTTP ${status}`), { status, response: { headers: {} } });
}

async function queuedJob(name: string, attempts: number): Promise<Job> {
  return queues.fix.add(name, {}, { attempts, backoff: { type: "fixed", delay: 10 } });
}

describe("isFinalFailure", () => {
  it("on a first attempt with one more to come: only what no retry can fix is final", async () => {
    const job = await queuedJob("first-of-two", 2);
    expect(isFinalFailure(job, new Error("git fetch failed"))).toBe(false);
    expect(isFinalFailure(job, new PublishError("create comment", { cause: gitHubError(502) }))).toBe(false);
    expect(isFinalFailure(job, new UnrecoverableError("this worker cannot generate tests"))).toBe(true);
    expect(isFinalFailure(job, Object.assign(new Error("cancelled"), { retryable: false }))).toBe(true);
    expect(isFinalFailure(job, new PublishError("create comment", { cause: gitHubError(404) }))).toBe(true);
  });

  it("is final for any error on a job's last attempt, as BullMQ runs it", async () => {
    expect(isFinalFailure(await queuedJob("only-one", 1), new Error("git fetch failed"))).toBe(true);

    // A worker that fails every attempt of a job with two: the second one is the last.
    const seen: boolean[] = [];
    const connection = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
    const worker = new Worker(
      fixQueueName,
      (job: Job) => {
        if (job.name !== "two-attempts") return Promise.resolve();
        seen.push(isFinalFailure(job, new Error("git fetch failed")));
        return Promise.reject(new Error("git fetch failed"));
      },
      { connection, prefix: queues.settings.prefix },
    );
    const failed = new Promise<void>((resolve) => {
      worker.on("failed", (job) => {
        if (job?.finishedOn !== undefined) resolve();
      });
    });
    await queuedJob("two-attempts", 2);
    await failed;
    await worker.close();
    connection.disconnect();
    expect(seen).toEqual([false, true]);
  });
});
