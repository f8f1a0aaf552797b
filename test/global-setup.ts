import { pino } from "pino";
import type { TestProject } from "vitest/node";
import { ensureRedis, type EnsuredRedis } from "../src/cli/ensure-redis.ts";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

let redis: EnsuredRedis | undefined;

/**
 * Tests talk to a real Redis: the one at REDIS_URL when it answers, otherwise a private
 * `redis-server` (no persistence) started for the run — the same logic `quorum` uses.
 */
export async function setup(project: TestProject): Promise<void> {
  redis = await ensureRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", {
    configured: false,
    logger: pino({ level: "warn" }),
  });
  project.provide("redisUrl", redis.url);
}

export async function teardown(): Promise<void> {
  await redis?.dispose();
}
