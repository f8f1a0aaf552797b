import type { Role } from "../config/index.ts";
import type { CompletionRequest, CompletionResult, PoolMemberInfo } from "./model-pool.ts";
import type { MemberMetrics } from "./pool-metrics.ts";

export interface MemberCall {
  /** Aborts with a `PoolError` reason: timeout, cancellation, budget, pool disposal. */
  readonly signal: AbortSignal;
  /** When the pool accepted the call (`performance.now()`), for queue and duration figures. */
  readonly startedAt: number;
}

/** One model of the pool, local (llama.cpp) or remote (OpenAI-compatible), as the pool drives it. */
export interface PoolMember {
  readonly name: string;
  readonly backend: "llama" | "remote";
  readonly roles: readonly Role[];
  readonly weight: number;
  /** Instances in use plus callers waiting: the member's load, for picking among members. */
  readonly load: number;
  readonly hasFreeInstance: boolean;
  /** False while a remote member is cooling down after failing; the pool then prefers others. */
  readonly available: boolean;
  info(): PoolMemberInfo;
  metrics(): MemberMetrics;
  /** Records that a call this member failed was then served by another member. */
  recordFallback(): void;
  generate(request: CompletionRequest, call: MemberCall): Promise<CompletionResult>;
  /** Rejects waiting callers with `reason`; calls in flight end through their own signals. */
  close(reason: Error): void;
  dispose(): Promise<void>;
}
