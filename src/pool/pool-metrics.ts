import { freemem } from "node:os";
import type { PoolMemberInfo } from "./model-pool.ts";

/** Upper bounds (seconds) of the queue-wait histogram buckets; `+Inf` is implied. */
export const queueWaitBuckets = [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300] as const;

export interface QueueWaitHistogram {
  readonly count: number;
  readonly sumSeconds: number;
  readonly maxSeconds: number;
  /** Cumulative counts per bucket of `queueWaitBuckets`, in order. */
  readonly bucketCounts: readonly number[];
}

export interface MemberMetrics extends PoolMemberInfo {
  readonly calls: number;
  readonly failures: number;
  /** Calls this member failed that another member then served (remote → local fallback). */
  readonly fallbacks: number;
  readonly promptTokens: number;
  readonly reusedPromptTokens: number;
  readonly evaluatedPromptTokens: number;
  readonly generatedTokens: number;
  /** Seconds during which at least one instance was busy. */
  readonly activeSeconds: number;
  /** Generated tokens per active second: aggregate throughput while the member works. */
  readonly tokensPerSecond: number;
  /** Sum over instances of their busy time. */
  readonly busyInstanceSeconds: number;
  /** Busy instance time over available instance time since start, 0..1. */
  readonly utilisation: number;
  /** Reused prompt tokens over all prompt tokens, 0..1. */
  readonly reusedPromptRatio: number;
  readonly queueWait: QueueWaitHistogram;
  /** The planner's estimate of the member's memory (weights + caches); 0 for remote members. */
  readonly plannedMemoryBytes: number;
}

export interface PoolMetricsSnapshot {
  readonly uptimeSeconds: number;
  readonly residentMemoryBytes: number;
  readonly freeMemoryBytes: number;
  readonly members: readonly MemberMetrics[];
}

export interface CallUsage {
  readonly promptTokens: number;
  readonly reusedPromptTokens: number;
  readonly generatedTokens: number;
}

/** Counters of one member. Cheap enough to update on every call. */
export class MemberMeter {
  readonly #startedAt = performance.now();
  readonly #plannedMemoryBytes: number;
  #calls = 0;
  #failures = 0;
  #fallbacks = 0;
  #promptTokens = 0;
  #reusedPromptTokens = 0;
  #generatedTokens = 0;
  #busy = 0;
  #busySince = 0;
  #activeMs = 0;
  #busyInstanceMs = 0;
  #lastChange = performance.now();
  #waitCount = 0;
  #waitSum = 0;
  #waitMax = 0;
  readonly #waitBuckets = queueWaitBuckets.map(() => 0);

  constructor(plannedMemoryBytes = 0) {
    this.#plannedMemoryBytes = plannedMemoryBytes;
  }

  leaseStarted(queuedMs: number): void {
    this.#advance();
    if (this.#busy === 0) this.#busySince = performance.now();
    this.#busy += 1;
    const seconds = queuedMs / 1000;
    this.#waitCount += 1;
    this.#waitSum += seconds;
    this.#waitMax = Math.max(this.#waitMax, seconds);
    queueWaitBuckets.forEach((bound, i) => {
      if (seconds <= bound) this.#waitBuckets[i] = (this.#waitBuckets[i] ?? 0) + 1;
    });
  }

  leaseEnded(): void {
    this.#advance();
    this.#busy = Math.max(0, this.#busy - 1);
    if (this.#busy === 0) this.#activeMs += performance.now() - this.#busySince;
  }

  recordSuccess(usage: CallUsage): void {
    this.#calls += 1;
    this.#promptTokens += usage.promptTokens;
    this.#reusedPromptTokens += usage.reusedPromptTokens;
    this.#generatedTokens += usage.generatedTokens;
  }

  recordFailure(): void {
    this.#calls += 1;
    this.#failures += 1;
  }

  recordFallback(): void {
    this.#fallbacks += 1;
  }

  snapshot(info: PoolMemberInfo): MemberMetrics {
    this.#advance();
    const now = performance.now();
    const activeMs = this.#activeMs + (this.#busy > 0 ? now - this.#busySince : 0);
    const uptimeMs = Math.max(1, now - this.#startedAt);
    return {
      ...info,
      calls: this.#calls,
      failures: this.#failures,
      fallbacks: this.#fallbacks,
      promptTokens: this.#promptTokens,
      reusedPromptTokens: this.#reusedPromptTokens,
      evaluatedPromptTokens: this.#promptTokens - this.#reusedPromptTokens,
      generatedTokens: this.#generatedTokens,
      activeSeconds: activeMs / 1000,
      tokensPerSecond: activeMs > 0 ? (this.#generatedTokens * 1000) / activeMs : 0,
      busyInstanceSeconds: this.#busyInstanceMs / 1000,
      utilisation: info.instances > 0 ? Math.min(1, this.#busyInstanceMs / (uptimeMs * info.instances)) : 0,
      reusedPromptRatio: this.#promptTokens > 0 ? this.#reusedPromptTokens / this.#promptTokens : 0,
      queueWait: {
        count: this.#waitCount,
        sumSeconds: this.#waitSum,
        maxSeconds: this.#waitMax,
        bucketCounts: [...this.#waitBuckets],
      },
      plannedMemoryBytes: this.#plannedMemoryBytes,
    };
  }

  /** Integrates busy instance time up to now. */
  #advance(): void {
    const now = performance.now();
    this.#busyInstanceMs += this.#busy * (now - this.#lastChange);
    this.#lastChange = now;
  }
}

export function snapshotPoolMetrics(
  startedAt: number,
  members: readonly MemberMetrics[],
): PoolMetricsSnapshot {
  return {
    uptimeSeconds: (performance.now() - startedAt) / 1000,
    residentMemoryBytes: process.memoryUsage.rss(),
    freeMemoryBytes: freemem(),
    members,
  };
}
