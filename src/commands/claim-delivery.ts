import type { Redis } from "ioredis";
import { redisDeadlineMs, withDeadline, type ReviewQueues } from "../queue/index.ts";

/** How long a handled delivery is remembered; GitHub offers redelivery for a few days. */
const rememberForSeconds = 3 * 24 * 3600;

export class DeliveryStoreError extends Error {
  override readonly name = "DeliveryStoreError";
  readonly retryable = true;
}

export interface DeliveryClaim {
  /** False when this delivery was already handled (a redelivery): do nothing. */
  readonly fresh: boolean;
  /** Forget the claim, so a redelivery after a failure is handled again. */
  release(): Promise<void>;
}

/**
 * Claims a webhook delivery id in Redis (SET NX), so a redelivered comment is answered once even
 * after the first delivery finished. Throws DeliveryStoreError when Redis is unreachable, before
 * anything was written to GitHub.
 */
export async function claimDelivery(queues: ReviewQueues, deliveryId: string): Promise<DeliveryClaim> {
  const key = `${queues.settings.prefix}:command-delivery:${deliveryId}`;
  let redis: Redis;
  let fresh: boolean;
  try {
    redis = await withDeadline(readyConnection(queues), redisDeadlineMs, "Redis");
    fresh = (await redis.set(key, "1", "EX", rememberForSeconds, "NX")) === "OK";
  } catch (error) {
    throw new DeliveryStoreError(`could not record delivery ${deliveryId} in Redis`, { cause: error });
  }
  return {
    fresh,
    async release() {
      if (fresh) await redis.del(key);
    },
  };
}

/** The queues' own producer connection, once it is ready (it refuses commands before that). */
async function readyConnection(queues: ReviewQueues): Promise<Redis> {
  await queues.control.waitUntilReady();
  return queues.connection;
}
