import { FlowProducer, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { createRedisConnection } from "./create-redis-connection.ts";
import { controlQueueName, reviewQueueName } from "./queue-names.ts";

export interface QueueSettings {
  readonly redisUrl: string;
  /** Prefix of every Redis key. Default: quorum. */
  readonly prefix: string;
}

/** Finished jobs are kept a day so a redelivered webhook still finds its job and is not run twice. */
const keepFinishedFor = { age: 24 * 3600, count: 10_000 };

/** The producer side of Quorum's queues: what the webhook handler and the prepare step write to. */
export class ReviewQueues {
  readonly control: Queue;
  readonly review: Queue;
  readonly flows: FlowProducer;
  readonly #connection: Redis;

  constructor(readonly settings: QueueSettings) {
    this.#connection = createRedisConnection(settings.redisUrl, "producer");
    const common = {
      connection: this.#connection,
      prefix: settings.prefix,
      defaultJobOptions: { removeOnComplete: keepFinishedFor, removeOnFail: keepFinishedFor },
    };
    this.control = new Queue(controlQueueName, common);
    this.review = new Queue(reviewQueueName, common);
    this.flows = new FlowProducer({ connection: this.#connection, prefix: settings.prefix });
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([this.control.close(), this.review.close(), this.flows.close()]);
    this.#connection.disconnect();
  }
}
