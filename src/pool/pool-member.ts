import type { PoolModelConfig, Role } from "../config/index.ts";
import type { LeaseScheduler } from "./lease-scheduler.ts";
import type { CompletionRequest, CompletionResult, PoolMemberInfo } from "./model-pool.ts";
import type { MemberMeter, MemberMetrics } from "./pool-metrics.ts";

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

/** What every member derives alike from its scheduler and meter (`createMemberBasics`). */
export type MemberBasics<B extends PoolMember["backend"]> = Omit<
  PoolMember,
  "backend" | "generate" | "dispose"
> & {
  readonly backend: B;
};

export interface MemberBasis<B extends PoolMember["backend"]> {
  readonly config: Pick<PoolModelConfig, "name" | "roles" | "weight">;
  readonly backend: B;
  /** Leases the member's instances (local sequences or remote request slots). */
  readonly scheduler: Pick<LeaseScheduler<unknown>, "size" | "free" | "busy" | "waiting" | "close">;
  readonly meter: MemberMeter;
  /** Tokens of context per instance. */
  readonly contextSize: number;
  /** Whether the pool should try this member now. Default: always. */
  readonly available?: () => boolean;
}

/**
 * The part of a member that follows from its scheduler and meter alone, alike for every backend:
 * a member adds `generate` and `dispose` (and its own facts) with `Object.assign`, which keeps
 * these getters live.
 */
export function createMemberBasics<B extends PoolMember["backend"]>(basis: MemberBasis<B>): MemberBasics<B> {
  const { config, backend, scheduler, meter, contextSize } = basis;
  const info = (): PoolMemberInfo => ({
    name: config.name,
    backend,
    roles: config.roles,
    weight: config.weight,
    instances: scheduler.size,
    busy: scheduler.busy,
    queued: scheduler.waiting,
    contextSize,
  });
  return {
    name: config.name,
    backend,
    roles: config.roles,
    weight: config.weight,
    get available() {
      return basis.available?.() ?? true;
    },
    get load() {
      return scheduler.busy + scheduler.waiting;
    },
    get hasFreeInstance() {
      return scheduler.free > 0;
    },
    info,
    metrics: () => meter.snapshot(info()),
    recordFallback() {
      meter.recordFallback();
    },
    close(reason) {
      scheduler.close(reason);
    },
  };
}
