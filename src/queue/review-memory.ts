import type { Redis } from "ioredis";
import type { PullRequestRef } from "../domain/index.ts";

const memoryTtlSeconds = 90 * 24 * 3600;

type PullRequestKey = Pick<PullRequestRef, "owner" | "repo" | "pullNumber">;

export interface ReviewState {
  /** The head of the last review that completed, or null when none is remembered. */
  readonly lastReviewedHead: string | null;
  /** Fingerprints of every finding Quorum posted on the pull request. */
  readonly fingerprints: readonly string[];
}

/**
 * What Quorum already said on each pull request, so a push is reviewed incrementally and no
 * finding is posted twice. Redis is a cache of this: the fingerprints are also embedded in the
 * bot's own comments, from which the publish step recovers them when Redis has nothing.
 */
export class ReviewMemory {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  #key(pr: PullRequestKey, part: string): string {
    return `${this.#prefix}:review:${pr.owner}/${pr.repo}#${pr.pullNumber}:${part}`;
  }

  async read(pr: PullRequestKey): Promise<ReviewState> {
    const [head, fingerprints] = await Promise.all([
      this.#redis.get(this.#key(pr, "head")),
      this.#redis.smembers(this.#key(pr, "fingerprints")),
    ]);
    return { lastReviewedHead: head, fingerprints };
  }

  async record(pr: PullRequestKey, headSha: string, fingerprints: readonly string[]): Promise<void> {
    const fpKey = this.#key(pr, "fingerprints");
    const tx = this.#redis.multi().set(this.#key(pr, "head"), headSha, "EX", memoryTtlSeconds);
    if (fingerprints.length > 0) tx.sadd(fpKey, ...fingerprints);
    await tx.expire(fpKey, memoryTtlSeconds).exec();
  }

  async forget(pr: PullRequestKey): Promise<void> {
    await this.#redis.del(this.#key(pr, "head"), this.#key(pr, "fingerprints"));
  }
}
