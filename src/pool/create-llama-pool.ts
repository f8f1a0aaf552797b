import { setMaxListeners } from "node:events";
import { availableParallelism } from "node:os";
import type { Logger } from "pino";
import type { BatchingOptions, Llama, LlamaLogLevel } from "node-llama-cpp";
import type { PoolConfig, Role } from "../config/index.ts";
import { createCallSignal } from "./create-call-signal.ts";
import { createGrammarCache } from "./grammar-cache.ts";
import type { LeasePolicy } from "./lease-scheduler.ts";
import { loadLlamaMember, type LlamaMember } from "./llama-member.ts";
import type { CompletionRequest, CompletionResult, ModelPool } from "./model-pool.ts";
import { pickMember } from "./pick-member.ts";
import { planLlamaPool, splitModels } from "./plan-llama-pool.ts";
import type { MachineFacts, PoolPlan } from "./plan-pool.ts";
import type { PoolMember } from "./pool-member.ts";
import { snapshotPoolMetrics } from "./pool-metrics.ts";
import {
  LlamaRuntimeError,
  ModelRequestError,
  NoModelForRoleError,
  PoolDisposedError,
  RemoteMemberError,
} from "./pool-errors.ts";
import { createRemoteMember } from "./remote-member.ts";

export interface LlamaPoolOptions {
  /** Folder that relative model `file` paths are resolved against. Default: the working directory. */
  readonly baseDir?: string | undefined;
  readonly logger: Logger;
  /** How local instances are leased. Default: `prefix-affine` (`round-robin` exists for benchmarks). */
  readonly leasePolicy?: LeasePolicy | undefined;
  /**
   * Let concurrent calls copy a long prompt prefix one instance is evaluating instead of each
   * evaluating it. Default: true (never with `round-robin`).
   */
  readonly prefixSharing?: boolean | undefined;
  /** Overrides measured machine facts in the memory plan (tests, what-if planning). Default: measured. */
  readonly machine?: Partial<MachineFacts> | undefined;
  /** Caps the contexts a model's instances are spread over (benchmarks compare layouts). Default: the plan's. */
  readonly maxContextsPerModel?: number | undefined;
  /** node-llama-cpp batching of concurrent sequences. Default: node-llama-cpp's (`nextCycle`, `maximumParallelism`). */
  readonly batching?: BatchingOptions | undefined;
  /** How long a failing remote member is avoided. Default: 30000 ms. */
  readonly remoteCooldownMs?: number | undefined;
}

/** The pool `createLlamaPool` returns: a `ModelPool` plus the memory plan it was built from. */
export interface LlamaPool extends ModelPool {
  readonly plan: PoolPlan;
  /** Threads each local model runs with (measured when the pool file leaves `threads` out). */
  readonly threads: Readonly<Record<string, number>>;
}

/**
 * Plans memory (`planPool`), then loads every local model once into one shared llama.cpp runtime
 * (so its thread budget is shared), one context per model holding its instances as sequences, and
 * sets up remote members. Calls go to a member serving their role; a remote member that fails
 * falls back to a local one. Throws `ModelLoadError` (a file is missing, not GGUF, or refused),
 * `PoolPlanError` (it does not fit) or `LlamaRuntimeError`; nothing is left loaded when it throws.
 */
export async function createLlamaPool(config: PoolConfig, options: LlamaPoolOptions): Promise<LlamaPool> {
  const startedAt = performance.now();
  const logger = options.logger.child({ component: "pool" });
  const { local, remote } = splitModels(config, options.baseDir ?? process.cwd());
  const cores = availableParallelism();

  // Lazy: importing node-llama-cpp costs ~0.5 s, which processes without a local pool should not pay.
  const runtime = await import("node-llama-cpp");
  let llama: Llama;
  try {
    llama = await runtime.getLlama({
      gpu: "auto",
      // Compiling llama.cpp on a user's machine takes minutes and needs a toolchain; the prebuilt binaries cover the supported platforms.
      build: "never",
      maxThreads: Math.max(cores, ...local.map((m) => m.threads ?? 0)),
      logLevel: runtime.LlamaLogLevel.warn,
      logger: (level, message) => forwardLlamaLog(logger, runtime.LlamaLogLevel, level, message),
    });
  } catch (error) {
    throw new LlamaRuntimeError("node-llama-cpp could not start llama.cpp on this machine", { cause: error });
  }

  const grammars = createGrammarCache(llama);
  const members: PoolMember[] = [];
  let plan: PoolPlan;
  try {
    const draft = await planLlamaPool(runtime, llama, config, local, options.machine);
    for (const model of local) {
      const modelPlan = draft.models.find((m) => m.name === model.name);
      if (modelPlan === undefined) throw new Error(`no plan for model "${model.name}"`);
      members.push(
        await loadLlamaMember(runtime, llama, {
          config: model,
          plan: modelPlan,
          cores,
          policy: options.leasePolicy,
          prefixSharing: options.prefixSharing,
          maxContexts: options.maxContextsPerModel,
          batching: options.batching,
          grammars,
          logger,
        }),
      );
    }
    for (const model of remote) {
      members.push(
        createRemoteMember({ config: model, grammars, logger, cooldownMs: options.remoteCooldownMs }),
      );
    }
    // The plan as loaded: threads measured, contexts settled.
    const settled = members.filter((m): m is LlamaMember => m.backend === "llama").map((m) => m.plan);
    plan = {
      ...draft,
      models: settled,
      totalRamBytes: settled.reduce((sum, m) => sum + m.totalRamBytes, 0),
      totalVramBytes: settled.reduce((sum, m) => sum + m.totalVramBytes, 0),
    };
  } catch (error) {
    for (const member of members) await member.dispose();
    await llama.dispose();
    throw error;
  }
  // Keep the pool file's order: it is the operator's preference among members.
  const ordered = config.models.map((m) => members.find((member) => member.name === m.name) as PoolMember);

  const disposal = new AbortController();
  // Every call in flight listens to it (and removes its listener when done); dozens are normal.
  setMaxListeners(0, disposal.signal);
  const inFlight = new Set<Promise<unknown>>();
  const threads = Object.fromEntries(
    ordered.filter((m): m is LlamaMember => m.backend === "llama").map((m) => [m.name, m.threads]),
  );
  logger.info(
    {
      models: ordered.map((m) => m.name),
      instances: Object.fromEntries(ordered.map((m) => [m.name, m.info().instances])),
      threads,
      gpu: llama.gpu,
      cores,
      plannedRamBytes: Math.round(plan.totalRamBytes),
      demo: config.demo,
      readyMs: Math.round(performance.now() - startedAt),
    },
    "model pool ready",
  );

  function choose(role: Role, exclude: ReadonlySet<PoolMember>, backend?: "llama"): PoolMember | undefined {
    const serving = ordered.filter(
      (m) => m.roles.includes(role) && !exclude.has(m) && (backend === undefined || m.backend === backend),
    );
    return (
      pickMember(
        serving.filter((m) => m.available),
        role,
      ) ?? pickMember(serving, role)
    );
  }

  async function run(request: CompletionRequest): Promise<CompletionResult> {
    const callStartedAt = performance.now();
    if (disposal.signal.aborted) throw new PoolDisposedError();
    if (!(request.maxTokens >= 1) || !(request.timeoutMs > 0)) {
      throw new ModelRequestError(
        `maxTokens (${request.maxTokens}) and timeoutMs (${request.timeoutMs}) must be positive`,
      );
    }
    let member = choose(request.role, new Set());
    if (member === undefined) throw new NoModelForRoleError(request.role);
    const call = createCallSignal({
      timeoutMs: request.timeoutMs,
      callerSignal: request.signal,
      poolSignal: disposal.signal,
      budgetSignal: request.budget?.signal,
      model: member.name,
    });
    try {
      call.signal.throwIfAborted();
      try {
        return await member.generate(request, { signal: call.signal, startedAt: callStartedAt });
      } catch (error) {
        if (!(error instanceof RemoteMemberError)) throw error;
        const fallback = choose(request.role, new Set([member]), "llama");
        if (fallback === undefined) throw error;
        logger.warn(
          { model: member.name, kind: error.kind, status: error.status, fallback: fallback.name },
          "remote model failed; falling back to a local one",
        );
        member.recordFallback();
        member = fallback;
        return await member.generate(request, { signal: call.signal, startedAt: callStartedAt });
      }
    } finally {
      call.dispose();
    }
  }

  return {
    plan,
    threads,
    complete(request) {
      const call = run(request);
      inFlight.add(call);
      void call.catch(() => undefined).finally(() => inFlight.delete(call));
      return call;
    },
    members() {
      return ordered.map((m) => m.info());
    },
    metrics() {
      return snapshotPoolMetrics(
        startedAt,
        ordered.map((m) => m.metrics()),
      );
    },
    async dispose() {
      if (disposal.signal.aborted) return;
      const reason = new PoolDisposedError();
      disposal.abort(reason);
      for (const member of ordered) member.close(reason);
      await Promise.allSettled([...inFlight]);
      for (const member of ordered) await member.dispose();
      await llama.dispose();
      logger.info({ models: ordered.map((m) => m.name) }, "model pool disposed");
    },
  };
}

function forwardLlamaLog(
  logger: Logger,
  levels: typeof LlamaLogLevel,
  level: LlamaLogLevel,
  message: string,
): void {
  const text = message.trim();
  if (text === "") return;
  if (level === levels.fatal || level === levels.error) logger.error({ source: "llama.cpp" }, text);
  else if (level === levels.warn) logger.warn({ source: "llama.cpp" }, text);
  else logger.debug({ source: "llama.cpp" }, text);
}
