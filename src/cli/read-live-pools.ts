import { openRedisProbe, redactUrl } from "../doctor/index.ts";
import { readPoolStates, type PoolState } from "../status/index.ts";

/** What `quorum pool` learnt about running pools: their heartbeats, or why it could not ask. */
export type LivePools =
  | { readonly redis: string; readonly prefix: string; readonly states: readonly PoolState[] }
  | { readonly redis: string; readonly prefix: string; readonly unavailable: string };

/**
 * Reads the heartbeats of every Quorum process sharing this Redis and prefix. A CLI must not hang
 * on a Redis that is down: one connection attempt, bounded, then the reason instead of states.
 */
export async function readLivePools(redisUrl: string, prefix: string, timeoutMs = 1_500): Promise<LivePools> {
  const redis = redactUrl(redisUrl);
  const client = openRedisProbe(redisUrl, timeoutMs);
  try {
    await client.connect();
    return { redis, prefix, states: await readPoolStates({ redis: client, prefix }) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { redis, prefix, unavailable: `no answer from Redis at ${redis} (${reason})` };
  } finally {
    client.disconnect();
  }
}
