import { FlowProducer, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { createRedisConnection } from "./create-redis-connection.ts";
import { controlQueueName, fixQueueName, reviewQueueName } from "./queue-names.ts";
import { ReviewMemory } from "./review-memory.ts";
import { RunRegistry } from "./run-registry.ts";

export interface QueueSettings {
  readonly redisUrl: string;
  /** Prefix of every Redis key. Default: quorum. */
  readonly prefix: string;
  /**
   * Pushes to one pull request within this window are reviewed once, on the newest head.
   * Default: 0 (no delay; a run that a newer push supersedes is still cancelled).
   */
  readonly coalesceMs?: number;
}

/** Finished jobs are kept a day so a redelivered webhook still finds its job and is not run twice. */
const keepFinishedFor = { age: 24 * 3600, count: 10_000 };

/** The producer side of Quorum's queues: what the webhook handler and the prepare step write to. */
export class ReviewQueues {
  readonly control: Queue;
  readonly review: Queue;
  readonly fix: Queue;
  readonly flows: FlowProducer;
  /** Newest heads, current runs and cancellations. */
  readonly runs: RunRegistry;
  /** What was already posted on each pull request. */
  readonly memory: ReviewMemory;
  /**
   * The producer connection every queue above shares (fails fast while Redis is away); for other
   * plain reads on the same Redis, such as the pool heartbeats. Owned here: `dispose` closes it.
   */
  readonly connection: Redis;

  constructor(readonly settings: QueueSettings) {
    this.connection = createRedisConnection(settings.redisUrl, "producer");
    const common = {
      connection: this.connection,
      prefix: settings.prefix,
      defaultJobOptions: { removeOnComplete: keepFinishedFor, removeOnFail: keepFinishedFor },
    };
    this.control = new Queue(controlQueueName, common);
    this.review = new Queue(reviewQueueName, common);
    this.fix = new Queue(fixQueueName, common);
    this.flows = new FlowProducer({ connection: this.connection, prefix: settings.prefix });
    this.runs = new RunRegistry(this.connection, settings.redisUrl, settings.prefix);
    this.memory = new ReviewMemory(this.connection, settings.prefix);
  }

  async dispose(): Promise<void> {
    this.runs.dispose();
    await Promise.allSettled([
      this.control.close(),
      this.review.close(),
      this.fix.close(),
      this.flows.close(),
    ]);
    this.connection.disconnect();
  }
}
