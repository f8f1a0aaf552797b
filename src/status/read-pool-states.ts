import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { poolIndexKey, poolStateKey, poolStateSchema, type PoolState } from "./pool-state.ts";

/** The Redis commands reading heartbeats needs (a BullMQ queue's own connection will do). */
export type PoolStateStore = Pick<Redis, "zrange" | "mget" | "zrem">;

export interface ReadPoolStatesOptions {
  readonly redis: PoolStateStore;
  /** The queue prefix (QUORUM_QUEUE_PREFIX). */
  readonly prefix: string;
  /** Told about heartbeats that cannot be read. Default: none. */
  readonly logger?: Logger | undefined;
}

function parseState(text: string): PoolState | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = poolStateSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The pools of every live Quorum process on this Redis and prefix, by name. A process that stopped
 * renewing its heartbeat is left out (and dropped from the index).
 */
export async function readPoolStates(options: ReadPoolStatesOptions): Promise<PoolState[]> {
  const { redis, prefix, logger } = options;
  const index = poolIndexKey(prefix);
  const names = await redis.zrange(index, 0, -1);
  if (names.length === 0) return [];
  const values = await redis.mget(names.map((name) => poolStateKey(prefix, name)));
  const states: PoolState[] = [];
  const expired: string[] = [];
  names.forEach((name, i) => {
    const value = values[i];
    if (value === null || value === undefined) {
      expired.push(name);
      return;
    }
    const state = parseState(value);
    if (state === undefined) {
      logger?.warn({ worker: name }, "unreadable pool heartbeat (another Quorum version?): not shown");
    } else {
      states.push(state);
    }
  });
  // A worker that beats again right after this read re-adds itself with its next beat.
  if (expired.length > 0) await redis.zrem(index, ...expired);
  return states.sort((a, b) => a.name.localeCompare(b.name));
}
