import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readLivePools } from "../../src/cli/read-live-pools.ts";
import { formatDuration, renderLivePools } from "../../src/cli/render-live-pools.ts";
import { runPoolCommand } from "../../src/cli/run-pool-command.ts";
import { createScriptedPool, type ScriptedPool } from "../../src/pool/index.ts";
import { startPoolHeartbeat, type PoolHeartbeat } from "../../src/status/index.ts";
import { captureStdout } from "../helpers/capture-stdout.ts";

const logger = pino({ level: "silent" });

describe("quorum pool: live state of running pools", () => {
  const redisUrl = inject("redisUrl");
  const prefix = `quorum-test-${randomUUID().slice(0, 8)}`;
  let pool: ScriptedPool;
  let heartbeat: PoolHeartbeat;

  beforeAll(async () => {
    pool = createScriptedPool(() => '{"findings":[]}', { model: "coder", roles: ["review", "fix"] });
    await pool.complete({
      role: "review",
      prompt: "a diff",
      jsonSchema: { type: "object" },
      maxTokens: 8,
      timeoutMs: 5_000,
    });
    heartbeat = await startPoolHeartbeat({
      redisUrl,
      prefix,
      name: "mini-pc:4242",
      roles: ["web", "control", "models"],
      pool,
      logger,
      intervalMs: 200,
    });
  });

  afterAll(async () => {
    await heartbeat.dispose();
    await pool.dispose();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it("prints the plan, then every running process's pool as its heartbeat reports it", async () => {
    const text = await captureStdout(() =>
      runPoolCommand({ pool: "models/pool.yml", json: false, live: { redisUrl, prefix } }, logger),
    );
    const [plan, live] = text.split(/\n(?=Live state)/);
    expect(plan).toMatch(/^stories260k\s+llama/m);
    expect(live).toMatch(
      new RegExp(
        `^Live state \\(Redis ${redisUrl.replace(/[/.]/g, "\\$&")}, prefix "${prefix}"\\): 1 process$`,
        "m",
      ),
    );
    expect(live).toMatch(/^ {2}mini-pc:4242 \[web, control, models\] on \S+, up \d+s, last beat \d+s ago/m);
    expect(live).toMatch(
      /^ {4}coder \(scripted\): 0 busy, \d+ idle, 0 waiting; \d+ tokens\/s, .* 1 calls \(0 failed\)$/m,
    );
  });

  it("says no pool runs when none beats, and the JSON carries the same states", async () => {
    const empty = await readLivePools(redisUrl, `${prefix}-none`);
    expect(renderLivePools(empty, Date.now())).toContain("no Quorum process with a model pool is running");
    const json = JSON.parse(
      await captureStdout(() =>
        runPoolCommand({ pool: "models/pool.yml", json: true, live: { redisUrl, prefix } }, logger),
      ),
    ) as { local: unknown[]; live: { states: { name: string; pool: { members: { calls: number }[] } }[] } };
    expect(json.local).toHaveLength(1);
    expect(json.live.states.map((s) => s.name)).toEqual(["mini-pc:4242"]);
    expect(json.live.states[0]?.pool.members[0]?.calls).toBe(1);
  });

  it("does not hang or fail when no Redis answers: the plan still prints, with the reason", async () => {
    const live = await readLivePools("redis://:hunter2hunter2@127.0.0.1:1", prefix, 500);
    expect("unavailable" in live).toBe(true);
    const text = renderLivePools(live, Date.now());
    expect(text).toMatch(
      /^Live state: not available: no answer from Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/,
    );
    expect(text).not.toContain("hunter2");
  });

  it("formats uptimes people can read", () => {
    expect([5, 75, 3725].map(formatDuration)).toEqual(["5s", "1m 15s", "1h 2m"]);
  });
});
