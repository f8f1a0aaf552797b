import { Redis } from "ioredis";
import { pino } from "pino";
import { describe, expect, inject, it } from "vitest";
import { ensureRedis, RedisUnavailableError } from "../../src/cli/ensure-redis.ts";
import { pingRedis } from "../../src/doctor/index.ts";
import { findFreePort } from "../helpers/find-free-port.ts";

function createCapturingLogger(): { logger: pino.Logger; lines: () => { msg: string; url?: string }[] } {
  const written: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void written.push(line) });
  return { logger, lines: () => written.map((l) => JSON.parse(l) as { msg: string; url?: string }) };
}

async function findUnusedUrl(auth = ""): Promise<string> {
  return `redis://${auth}127.0.0.1:${await findFreePort()}`;
}

describe("ensureRedis", () => {
  it("uses a Redis that answers, and does not start another", async () => {
    const { logger, lines } = createCapturingLogger();
    const url = inject("redisUrl");
    const redis = await ensureRedis(url, { configured: true, logger });
    expect(redis.url).toBe(url);
    expect(redis.private).toBe(false);
    await redis.dispose();
    expect(await pingRedis(url)).toBe(true);
    expect(lines()).toEqual([]);
  });

  it("starts a private redis-server without persistence when none answers and REDIS_URL was not set, and stops it on dispose", async () => {
    const { logger, lines } = createCapturingLogger();
    const unused = await findUnusedUrl();
    const redis = await ensureRedis(unused, { configured: false, logger });
    try {
      expect(redis.private).toBe(true);
      expect(redis.url).not.toBe(unused);
      const client = new Redis(redis.url);
      try {
        await client.set("quorum-ensure-redis", "1");
        expect(await client.get("quorum-ensure-redis")).toBe("1");
        expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "no"]);
        expect(await client.config("GET", "save")).toEqual(["save", ""]);
        expect(await client.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "noeviction"]);
      } finally {
        client.disconnect();
      }
      const warning = lines().find((l) => l.url === redis.url);
      expect(warning?.msg).toMatch(/private redis-server without persistence/);
    } finally {
      await redis.dispose();
    }
    expect(await pingRedis(redis.url)).toBe(false);
    await redis.dispose();
  });

  it("refuses a configured REDIS_URL that does not answer, naming what to install and hiding the password", async () => {
    const { logger } = createCapturingLogger();
    const unused = await findUnusedUrl(":s3cret-password@");
    const error: unknown = await ensureRedis(unused, { configured: true, logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    const typed = error as RedisUnavailableError;
    expect(typed.retryable).toBe(false);
    expect(typed.message).toContain("apt-get install redis-server");
    expect(typed.message).toContain("brew install redis");
    expect(typed.message).not.toContain("s3cret-password");
    expect(typed.url).not.toContain("s3cret-password");
  });

  it("names the package to install when redis-server is missing", async () => {
    const { logger } = createCapturingLogger();
    const unused = await findUnusedUrl();
    const error: unknown = await ensureRedis(unused, {
      configured: false,
      logger,
      redisServer: "/nonexistent/quorum-test/redis-server",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect((error as RedisUnavailableError).message).toMatch(/not installed.*apt-get install redis-server/);
    expect((error as RedisUnavailableError).installHint).toContain("brew install redis");
  });
});
