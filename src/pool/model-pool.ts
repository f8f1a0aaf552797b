import type { GbnfJsonSchema } from "node-llama-cpp";
import type { Role } from "../config/index.ts";
import type { PoolMetricsSnapshot } from "./pool-metrics.ts";
import type { RunBudget } from "./run-budget.ts";

/**
 * The JSON-schema subset every backend accepts. It is node-llama-cpp's GBNF subset (objects,
 * arrays with min/maxItems, strings with min/maxLength, enums, consts, oneOf) because local models
 * enforce it as a grammar; remote OpenAI-compatible backends accept it as-is.
 */
export type JsonSchema = GbnfJsonSchema;

export interface CompletionRequest {
  readonly role: Role;
  /** The full prompt text, sent as a plain completion (no chat template). */
  readonly prompt: string;
  /** The output is constrained to this schema. */
  readonly jsonSchema: JsonSchema;
  /** Cap on generated tokens. */
  readonly maxTokens: number;
  /** Wall-clock limit covering the wait for a free instance and the generation. */
  readonly timeoutMs: number;
  /** 0 (the default) is greedy decoding. */
  readonly temperature?: number | undefined;
  /** Only matters when `temperature` > 0. */
  readonly seed?: number | undefined;
  /** Cancellation by the caller, e.g. a superseded run. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Who waits first when every instance is busy: an explicit slash command, then automatic
   * reviews, then background work. Default: `automatic`.
   */
  readonly priority?: Priority | undefined;
  /**
   * Fairness key, e.g. the repository's full name: waiting calls of the same priority are served
   * round-robin across tenants, so one busy repository cannot starve the others. Default: one shared tenant.
   */
  readonly tenant?: string | undefined;
  /**
   * The run's shared allowance of tokens and wall time; the call fails with
   * `RunBudgetExceededError` when it runs out, and `budget.cancel()` ends every call charged to it.
   */
  readonly budget?: RunBudget | undefined;
}

export const priorities = ["command", "automatic", "background"] as const;
/** Lease priority, highest first. */
export type Priority = (typeof priorities)[number];

/** Why generation ended: the model finished (end token or the grammar completed), or it hit the cap. */
export type StopReason = "eos" | "maxTokens";

export interface CompletionResult {
  readonly text: string;
  /** The pool member's name (pool file `name`). */
  readonly model: string;
  /** The member's vote weight (pool file `weight`). */
  readonly weight: number;
  /** The instance that served the call, e.g. `qwen-coder#1`. */
  readonly instance: string;
  readonly promptTokens: number;
  /** Prompt tokens already in the instance's cache, so not evaluated again. */
  readonly reusedPromptTokens: number;
  /** Prompt tokens the model had to evaluate: `promptTokens - reusedPromptTokens`. */
  readonly evaluatedPromptTokens: number;
  readonly generatedTokens: number;
  /** Time spent waiting for a free instance. */
  readonly queuedMs: number;
  /** From the call's start to its first generated token: wait + prompt evaluation + one step. */
  readonly firstTokenMs: number;
  /** Whole call: wait + prompt evaluation + generation. */
  readonly durationMs: number;
  readonly stopReason: StopReason;
}

export interface PoolMemberInfo {
  readonly name: string;
  readonly backend: "llama" | "remote" | "scripted";
  readonly roles: readonly Role[];
  readonly weight: number;
  readonly instances: number;
  readonly busy: number;
  readonly queued: number;
  /** Tokens of context per instance; infinite for a remote or scripted member. */
  readonly contextSize: number;
}

/** What agents use to run a model. Implementations: `createLlamaPool`, `createScriptedPool` (test double). */
export interface ModelPool {
  /** Rejects with a `PoolError` subclass; check its `retryable` flag. */
  complete(request: CompletionRequest): Promise<CompletionResult>;
  /** A snapshot of the members and their load. */
  members(): readonly PoolMemberInfo[];
  /** Counters since the pool started: throughput, queue wait, utilisation, prefix reuse, memory. */
  metrics(): PoolMetricsSnapshot;
  /** Aborts calls in flight, rejects waiting ones and frees the models. */
  dispose(): Promise<void>;
}
