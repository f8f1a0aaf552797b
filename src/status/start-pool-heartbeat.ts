import os from "node:os";
import type { Logger } from "pino";
import type { ModelPool } from "../pool/index.ts";
import { createRedisConnection, withDeadline } from "../queue/index.ts";
import { poolIndexKey, poolStateKey, type PoolState } from "./pool-state.ts";

/** How long starting (and stopping) waits for Redis before going on without it. */
const redisDeadlineMs = 2_000;

export interface PoolHeartbeatOptions {
  readonly redisUrl: string;
  /** The queue prefix (QUORUM_QUEUE_PREFIX): installations sharing a Redis do not see each other. */
  readonly prefix: string;
  /** Unique per process, e.g. QUORUM_WORKER_NAME. */
  readonly name: string;
  /** What the process runs, e.g. `["web", "control", "models"]`. */
  readonly roles: readonly string[];
  readonly pool: Pick<ModelPool, "metrics">;
  readonly logger: Logger;
  /** How often the snapshot is published. Default: 5000 ms; it expires after three missed beats. */
  readonly intervalMs?: number;
}

export interface PoolHeartbeat {
  /** Stops publishing and removes this process from the list at once, not when its entry expires. */
  dispose(): Promise<void>;
}

/**
 * Publishes this process's pool (members, busy instances, throughput, memory) to Redis every few
 * seconds, so a status page or `quorum pool` on any machine sees every worker sharing the Redis.
 * A process that dies stops renewing its entry, which then expires.
 */
export async function startPoolHeartbeat(options: PoolHeartbeatOptions): Promise<PoolHeartbeat> {
  const { prefix, name, logger } = options;
  // Its own connection, which waits out a Redis restart: a beat then simply publishes late.
  const redis = createRedisConnection(options.redisUrl, "worker");
  const intervalMs = options.intervalMs ?? 5_000;
  const key = poolStateKey(prefix, name);
  const index = poolIndexKey(prefix);
  const startedAt = Date.now();
  let failing = false;
  let inFlight: Promise<void> | undefined;

  async function beat(): Promise<void> {
    const state: PoolState = {
      name,
      host: os.hostname(),
      pid: process.pid,
      roles: [...options.roles],
      startedAt,
      updatedAt: Date.now(),
      pool: options.pool.metrics(),
    };
    try {
      const results = await redis
        .multi()
        .set(key, JSON.stringify(state), "PX", 3 * intervalMs)
        .zadd(index, state.updatedAt, name)
        .exec();
      const failure = results?.find(([error]) => error !== null)?.[0];
      if (failure) throw failure;
      if (failing) logger.info({ worker: name }, "pool heartbeat published again");
      failing = false;
    } catch (error) {
      // Once per outage, not every few seconds.
      if (!failing) {
        logger.warn(
          { worker: name, err: error },
          "could not publish the pool heartbeat: the status page will miss this worker until Redis answers",
        );
      }
      failing = true;
    }
  }

  const tick = (): Promise<void> =>
    (inFlight ??= beat().finally(() => {
      inFlight = undefined;
    }));
  try {
    await withDeadline(tick(), redisDeadlineMs, "Redis");
  } catch (error) {
    // It keeps trying in the background; starting the worker does not wait for it.
    logger.warn({ worker: name, err: error }, "the first pool heartbeat is late");
  }
  const timer = setInterval(() => void tick(), intervalMs);
  // The heartbeat reports on the process; it is never the reason the process stays up.
  timer.unref();
  let disposed = false;
  return {
    async dispose() {
      if (disposed) return;
      disposed = true;
      clearInterval(timer);
      try {
        await withDeadline(
          (async () => {
            await inFlight;
            await redis.multi().del(key).zrem(index, name).exec();
          })(),
          redisDeadlineMs,
          "Redis",
        );
      } catch (error) {
        logger.warn(
          { worker: name, err: error },
          "could not remove the pool heartbeat; it expires by itself",
        );
      }
      redis.disconnect();
    },
  };
}
