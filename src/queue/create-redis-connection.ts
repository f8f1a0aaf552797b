import { Redis } from "ioredis";

/**
 * Producers (the webhook side) must fail fast when Redis is away, so GitHub sees a 5xx instead of a
 * hanging delivery; workers must wait and reconnect forever (BullMQ requires maxRetriesPerRequest: null).
 */
export function createRedisConnection(url: string, purpose: "producer" | "worker"): Redis {
  if (purpose === "producer") {
    return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
  }
  return new Redis(url, { maxRetriesPerRequest: null });
}
