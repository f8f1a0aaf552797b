import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { inject } from "vitest";
import { ReviewQueues } from "../../src/queue/index.ts";

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(inject("redisUrl"));
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
  redis.disconnect();
}

/** Queues under a fresh key prefix, so test files share one Redis without seeing each other's jobs. */
export function createTestQueues(options: { coalesceMs?: number } = {}): {
  queues: ReviewQueues;
  /** Deletes every key under the prefix, so the next test starts from an empty Redis. */
  clear: () => Promise<void>;
  cleanup: () => Promise<void>;
} {
  const prefix = `quorum-test-${randomUUID().slice(0, 8)}`;
  const queues = new ReviewQueues({
    redisUrl: inject("redisUrl"),
    prefix,
    coalesceMs: options.coalesceMs ?? 0,
  });
  return {
    queues,
    clear: () => deleteKeys(prefix),
    async cleanup() {
      await queues.dispose();
      await deleteKeys(prefix);
    },
  };
}
