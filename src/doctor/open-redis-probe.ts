import { Redis } from "ioredis";

/**
 * A client for one quick look at Redis: no reconnects, retries or offline queue, and every command
 * bounded, so a Redis that is down or stuck fails the first call within `timeoutMs` instead of
 * hanging a CLI. Call `connect()`, then `disconnect()` when done.
 */
export function openRedisProbe(url: string, timeoutMs: number): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // Connection errors also arrive as events; the awaited calls report them (without a listener
  // ioredis would also print them).
  client.on("error", () => undefined);
  return client;
}
