import type { Redis } from "ioredis";
import type { PullRequestRef } from "../domain/index.ts";
import { createRedisConnection } from "./create-redis-connection.ts";

const cancelledTtlSeconds = 24 * 3600;
const pullRequestTtlSeconds = 30 * 24 * 3600;
const checkRunLockMs = 15_000;

function pullRequestKey(pr: Pick<PullRequestRef, "owner" | "repo" | "pullNumber">): string {
  return `${pr.owner}/${pr.repo}#${pr.pullNumber}`;
}

/**
 * What Redis knows about runs beyond BullMQ's jobs: the newest head of each pull request, its
 * current run, and which runs were cancelled. Cancellation reaches jobs already running on any
 * worker through pub/sub, so a superseded run frees its model instances at once.
 */
export class RunRegistry {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #redisUrl: string;
  readonly #watchers = new Map<string, Set<AbortController>>();
  #subscriber: Redis | undefined;
  #subscribing: Promise<void> | undefined;

  constructor(redis: Redis, redisUrl: string, prefix: string) {
    this.#redis = redis;
    this.#redisUrl = redisUrl;
    this.#prefix = prefix;
  }

  get #channel(): string {
    return `${this.#prefix}:run-cancelled`;
  }

  #prKey(pr: Pick<PullRequestRef, "owner" | "repo" | "pullNumber">): string {
    return `${this.#prefix}:pr:${pullRequestKey(pr)}`;
  }

  /** Remember the head of the newest event seen for a pull request. */
  async recordHead(pr: PullRequestRef): Promise<void> {
    const key = this.#prKey(pr);
    await this.#redis.multi().hset(key, "head", pr.headSha).expire(key, pullRequestTtlSeconds).exec();
  }

  /** True when a newer head than this one has been seen for the pull request. */
  async isSuperseded(pr: PullRequestRef): Promise<boolean> {
    const head = await this.#redis.hget(this.#prKey(pr), "head");
    return head !== null && head !== pr.headSha;
  }

  /** Make `runId` the pull request's current run; returns the run it replaced, if any. */
  async replaceCurrentRun(pr: PullRequestRef, runId: string): Promise<string | null> {
    const key = this.#prKey(pr);
    const [[, previous] = []] = (await this.#redis
      .multi()
      .hget(key, "run")
      .hset(key, "run", runId)
      .expire(key, pullRequestTtlSeconds)
      .exec()) ?? [[]];
    return typeof previous === "string" && previous !== runId ? previous : null;
  }

  async currentRun(pr: Pick<PullRequestRef, "owner" | "repo" | "pullNumber">): Promise<string | null> {
    return this.#redis.hget(this.#prKey(pr), "run");
  }

  async cancel(runId: string, reason: string): Promise<void> {
    await this.#redis.set(`${this.#prefix}:cancelled:${runId}`, reason, "EX", cancelledTtlSeconds);
    await this.#redis.publish(this.#channel, runId);
  }

  /** The reason the run was cancelled, or null. */
  async cancelledReason(runId: string): Promise<string | null> {
    return this.#redis.get(`${this.#prefix}:cancelled:${runId}`);
  }

  /** A signal that aborts when the run is cancelled, from any process. Call `dispose` when done. */
  async watch(runId: string): Promise<{ signal: AbortSignal; dispose: () => void }> {
    await this.#ensureSubscribed();
    const controller = new AbortController();
    const set = this.#watchers.get(runId) ?? new Set();
    set.add(controller);
    this.#watchers.set(runId, set);
    // A cancellation published before we subscribed is still in the key.
    const reason = await this.cancelledReason(runId);
    if (reason !== null) controller.abort(reason);
    return {
      signal: controller.signal,
      dispose: () => {
        set.delete(controller);
        if (set.size === 0) this.#watchers.delete(runId);
      },
    };
  }

  async #ensureSubscribed(): Promise<void> {
    this.#subscribing ??= (async () => {
      // A worker connection: it waits out a Redis restart, and ioredis then resubscribes.
      const subscriber = createRedisConnection(this.#redisUrl, "worker");
      this.#subscriber = subscriber;
      subscriber.on("message", (_channel: string, runId: string) => {
        for (const controller of this.#watchers.get(runId) ?? []) controller.abort("cancelled");
      });
      await subscriber.subscribe(this.#channel);
    })();
    return this.#subscribing;
  }

  /**
   * Runs `fn` holding the run's check-run lock, or skips it (returns false) when someone else holds
   * it. Progress updates use it so they can never land after the final result.
   */
  async tryWithCheckRunLock(runId: string, fn: () => Promise<void>): Promise<boolean> {
    const key = `${this.#prefix}:check-run-lock:${runId}`;
    if ((await this.#redis.set(key, "1", "PX", checkRunLockMs, "NX")) === null) return false;
    try {
      if ((await this.#redis.exists(`${this.#prefix}:final:${runId}`)) === 1) return false;
      await fn();
      return true;
    } finally {
      await this.#redis.del(key);
    }
  }

  /** Marks the run's check run as final: no progress update is written after this resolves. */
  async finalize(runId: string): Promise<void> {
    const key = `${this.#prefix}:check-run-lock:${runId}`;
    const deadline = Date.now() + checkRunLockMs;
    // Wait for an update in flight to finish; the lock expires by itself if its holder died.
    while ((await this.#redis.set(key, "1", "PX", checkRunLockMs, "NX")) === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    try {
      await this.#redis.set(`${this.#prefix}:final:${runId}`, "1", "EX", cancelledTtlSeconds);
    } finally {
      await this.#redis.del(key);
    }
  }

  dispose(): void {
    this.#subscriber?.disconnect();
    for (const set of this.#watchers.values()) for (const c of set) c.abort("shutting down");
    this.#watchers.clear();
  }
}
