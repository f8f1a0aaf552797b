import { spawn } from "node:child_process";
import { hostname } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createScriptedPool, type ScriptedPool } from "../../src/pool/index.ts";
import type { ReviewQueues } from "../../src/queue/index.ts";
import {
  readPoolStates,
  startPoolHeartbeat,
  type PoolHeartbeat,
  type PoolState,
} from "../../src/status/index.ts";
import { createTestQueues } from "../helpers/use-test-queues.ts";

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

describe("pool heartbeat", () => {
  let queues: ReviewQueues;
  let cleanup: () => Promise<void>;
  let redis: Redis;
  let pool: ScriptedPool;
  let heartbeats: PoolHeartbeat[] = [];

  beforeAll(() => {
    ({ queues, cleanup } = createTestQueues());
    redis = new Redis(queues.settings.redisUrl);
    pool = createScriptedPool(() => '{"findings":[]}', { model: "scripted-coder", roles: ["review"] });
  });

  afterEach(async () => {
    for (const heartbeat of heartbeats) await heartbeat.dispose();
    heartbeats = [];
  });

  afterAll(async () => {
    await pool.dispose();
    redis.disconnect();
    await cleanup();
  });

  const prefix = (): string => queues.settings.prefix;
  const read = (): Promise<PoolState[]> => readPoolStates({ redis, prefix: prefix(), logger });

  async function start(name: string, intervalMs = 100): Promise<PoolHeartbeat> {
    const heartbeat = await startPoolHeartbeat({
      redisUrl: queues.settings.redisUrl,
      prefix: prefix(),
      name,
      roles: ["models"],
      pool,
      logger,
      intervalMs,
    });
    heartbeats.push(heartbeat);
    return heartbeat;
  }

  async function waitForState(
    check: (states: PoolState[]) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<PoolState[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const states = await read();
      if (check(states)) return states;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no heartbeat showed ${what}`);
  }

  it("publishes the pool's snapshot, renews it, and lets it expire unless renewed", async () => {
    await start("alpha");
    const [state] = await read();
    expect(state).toMatchObject({ name: "alpha", host: hostname(), pid: process.pid, roles: ["models"] });
    expect(state?.pool.members).toEqual([
      expect.objectContaining({
        name: "scripted-coder",
        backend: "scripted",
        roles: ["review"],
        busy: 0,
        calls: 0,
      }),
    ]);
    // JSON has no Infinity; the reader gives the unbounded context back.
    expect(state?.pool.members[0]?.contextSize).toBe(Number.POSITIVE_INFINITY);
    const ttl = await redis.pttl(`${prefix()}:workers:alpha`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);

    await pool.complete({
      role: "review",
      prompt: "p",
      jsonSchema: { type: "object" },
      maxTokens: 10,
      timeoutMs: 5_000,
    });
    await waitForState((states) => states[0]?.pool.members[0]?.calls === 1, "the finished call");
  });

  it("lists every live process by name and forgets one as soon as it is disposed", async () => {
    const alpha = await start("alpha");
    await start("beta");
    expect((await read()).map((s) => s.name)).toEqual(["alpha", "beta"]);
    await alpha.dispose();
    expect((await read()).map((s) => s.name)).toEqual(["beta"]);
    expect(await redis.exists(`${prefix()}:workers:alpha`)).toBe(0);
  });

  it("leaves out expired entries (and drops them from the index) and unreadable ones", async () => {
    await start("alpha");
    await redis.zadd(`${prefix()}:workers`, Date.now(), "expired");
    await redis.zadd(`${prefix()}:workers`, Date.now(), "garbled");
    await redis.set(`${prefix()}:workers:garbled`, '{"name":"garbled","pool":"not a pool"}', "PX", 60_000);
    expect((await read()).map((s) => s.name)).toEqual(["alpha"]);
    expect(await redis.zscore(`${prefix()}:workers`, "expired")).toBeNull();
  });

  it("is published by a real `quorum worker` process with its loaded model, and removed when it stops", async () => {
    const child = spawn(process.execPath, [path.resolve("bin/quorum.js"), "worker", "--no-control"], {
      env: {
        ...process.env,
        REDIS_URL: queues.settings.redisUrl,
        QUORUM_QUEUE_PREFIX: prefix(),
        QUORUM_POOL: path.resolve("models/pool.yml"),
        QUORUM_WORKER_NAME: "real-worker",
        LOG_LEVEL: "warn",
        APP_ID: "",
        PRIVATE_KEY: "",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    child.stderr.on("data", (data: Buffer) => (log += data.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const states = await waitForState(
        (s) => s.some((state) => state.name === "real-worker"),
        "the worker",
        90_000,
      );
      const state = states.find((s) => s.name === "real-worker");
      expect(state).toMatchObject({ host: hostname(), pid: child.pid, roles: ["models"] });
      expect(state?.pool.members).toEqual([
        expect.objectContaining({
          name: "stories260k",
          backend: "llama",
          instances: 3,
          busy: 0,
          contextSize: 2048,
        }),
      ]);
      expect(state?.pool.members[0]?.plannedMemoryBytes).toBeGreaterThan(0);
      expect(state?.pool.residentMemoryBytes).toBeGreaterThan(0);
    } catch (error) {
      throw new Error(`${String(error)}\nworker log:\n${log}`, { cause: error });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect((await read()).map((s) => s.name)).not.toContain("real-worker");
  }, 120_000);
});
