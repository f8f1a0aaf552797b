import { z } from "zod";
import { roles } from "../config/index.ts";
import type { MemberMetrics, PoolMetricsSnapshot } from "../pool/index.ts";

/** One process's model pool as its heartbeat last published it. */
export interface PoolState {
  /** QUORUM_WORKER_NAME, default `<hostname>:<pid>`. */
  readonly name: string;
  readonly host: string;
  readonly pid: number;
  /** What the process runs, e.g. `["web", "control", "models"]`. */
  readonly roles: readonly string[];
  /** Epoch milliseconds. */
  readonly startedAt: number;
  /** Epoch milliseconds of the heartbeat, by the publishing machine's clock. */
  readonly updatedAt: number;
  readonly pool: PoolMetricsSnapshot;
}

/** JSON has no Infinity: a remote member's unbounded context travels as null. */
const contextSize = z
  .number()
  .nullable()
  .transform((value) => value ?? Number.POSITIVE_INFINITY);

const memberSchema = z.object({
  name: z.string(),
  backend: z.enum(["llama", "remote", "scripted"]),
  roles: z.array(z.enum(roles)),
  weight: z.number(),
  instances: z.number(),
  busy: z.number(),
  queued: z.number(),
  contextSize,
  calls: z.number(),
  failures: z.number(),
  fallbacks: z.number(),
  promptTokens: z.number(),
  reusedPromptTokens: z.number(),
  evaluatedPromptTokens: z.number(),
  generatedTokens: z.number(),
  activeSeconds: z.number(),
  tokensPerSecond: z.number(),
  busyInstanceSeconds: z.number(),
  utilisation: z.number(),
  reusedPromptRatio: z.number(),
  queueWait: z.object({
    count: z.number(),
    sumSeconds: z.number(),
    maxSeconds: z.number(),
    bucketCounts: z.array(z.number()),
  }),
  plannedMemoryBytes: z.number(),
}) satisfies z.ZodType<MemberMetrics, z.ZodTypeDef, unknown>;

/**
 * What a heartbeat holds. Another machine may run another Quorum version, so the reader checks
 * it rather than trusting it.
 */
export const poolStateSchema = z.object({
  name: z.string().min(1),
  host: z.string(),
  pid: z.number().int(),
  roles: z.array(z.string()),
  startedAt: z.number(),
  updatedAt: z.number(),
  pool: z.object({
    uptimeSeconds: z.number(),
    residentMemoryBytes: z.number(),
    freeMemoryBytes: z.number(),
    members: z.array(memberSchema),
  }),
}) satisfies z.ZodType<PoolState, z.ZodTypeDef, unknown>;

/** The sorted set naming every process that published a heartbeat (scored by its last beat). */
export function poolIndexKey(prefix: string): string {
  return `${prefix}:workers`;
}

/** The heartbeat itself: a JSON `PoolState` that expires unless renewed. */
export function poolStateKey(prefix: string, name: string): string {
  return `${prefix}:workers:${name}`;
}
