import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { parseRepoConfig } from "../../src/config/index.ts";
import { enqueuePrepare, ReviewQueues } from "../../src/queue/index.ts";

/**
 * What the operator section of docs/security-model.md promises: with Redis' append-only file on
 * (`appendonly yes`, as in docker-compose.yml), a review request stored before a Redis restart is
 * still there after it.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""],
    { stdio: "ignore" },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return child;
    } catch {
      client.disconnect();
      if (Date.now() > deadline) throw new Error("redis-server did not start");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe("a Redis restart with the append-only file on", () => {
  let dir: string | undefined;
  let redis: ChildProcess | undefined;

  afterAll(async () => {
    redis?.kill("SIGKILL");
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("keeps a queued review request", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "quorum-redis-"));
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    redis = await startRedis(port, dir);

    const before = new ReviewQueues({ redisUrl: url, prefix: "quorum-restart" });
    const pr = {
      owner: "o",
      repo: "r",
      pullNumber: 1,
      headSha: "a".repeat(40),
      baseSha: "b".repeat(40),
      installationId: 1,
    };
    const { jobId } = await enqueuePrepare(before, {
      deliveryId: "restart-1",
      pr,
      trigger: "opened",
      config: parseRepoConfig(null).config,
      configProblems: [],
    });
    await before.dispose();

    // SHUTDOWN flushes the append-only file, as a service manager's stop does.
    const stopped = redis;
    const exited = new Promise<void>((resolve) => {
      if (stopped.exitCode !== null) resolve();
      else stopped.once("exit", () => resolve());
    });
    const admin = new Redis(url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    admin.on("error", () => undefined);
    await admin.shutdown().catch(() => undefined);
    admin.disconnect();
    await exited;
    redis = await startRedis(port, dir);

    const after = new ReviewQueues({ redisUrl: url, prefix: "quorum-restart" });
    const job = await after.control.getJob(jobId);
    expect(job?.data).toMatchObject({ deliveryId: "restart-1", pr });
    expect(await job?.getState()).toBe("waiting");
    await after.dispose();
  });
});
