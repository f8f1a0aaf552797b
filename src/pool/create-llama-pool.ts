import { availableParallelism } from "node:os";
import { isAbsolute, resolve } from "node:path";
import type { Logger } from "pino";
import type { Llama, LlamaLogLevel } from "node-llama-cpp";
import type { PoolConfig } from "../config/index.ts";
import { assertGgufFile } from "./assert-gguf-file.ts";
import { createCallSignal } from "./create-call-signal.ts";
import { createGrammarCache } from "./grammar-cache.ts";
import { loadLlamaMember, type LlamaMember } from "./llama-member.ts";
import type { CompletionRequest, CompletionResult, ModelPool } from "./model-pool.ts";
import { pickMember } from "./pick-member.ts";
import {
  LlamaRuntimeError,
  ModelRequestError,
  NoModelForRoleError,
  PoolDisposedError,
} from "./pool-errors.ts";

export interface LlamaPoolOptions {
  /** Folder that relative model `file` paths are resolved against. Default: the working directory. */
  readonly baseDir?: string | undefined;
  readonly logger: Logger;
}

/**
 * Loads every model of the pool file once into one shared llama.cpp runtime (so its thread budget
 * is shared), with one context per model holding `instances` sequences.
 * Throws `ModelLoadError` (a file is missing, not GGUF, or too big) or `LlamaRuntimeError`.
 */
export async function createLlamaPool(config: PoolConfig, options: LlamaPoolOptions): Promise<ModelPool> {
  const logger = options.logger.child({ component: "pool" });
  const baseDir = options.baseDir ?? process.cwd();
  const models = config.models.map((m) => ({
    ...m,
    file: isAbsolute(m.file) ? m.file : resolve(baseDir, m.file),
  }));
  for (const model of models) await assertGgufFile(model.file, model.name);

  const cores = availableParallelism();
  // Lazy: importing node-llama-cpp costs ~0.5 s, which processes without a local pool should not pay.
  const runtime = await import("node-llama-cpp");
  let llama: Llama;
  try {
    llama = await runtime.getLlama({
      gpu: "auto",
      // Compiling llama.cpp on a user's machine takes minutes and needs a toolchain; the prebuilt binaries cover the supported platforms.
      build: "never",
      maxThreads: Math.max(cores, ...models.map((m) => m.threads ?? 0)),
      logLevel: runtime.LlamaLogLevel.warn,
      logger: (level, message) => forwardLlamaLog(logger, runtime.LlamaLogLevel, level, message),
    });
  } catch (error) {
    throw new LlamaRuntimeError("node-llama-cpp could not start llama.cpp on this machine", { cause: error });
  }

  const members: LlamaMember[] = [];
  try {
    for (const model of models) {
      members.push(await loadLlamaMember(runtime, llama, model, { threads: model.threads ?? cores, logger }));
    }
  } catch (error) {
    for (const member of members) await member.dispose();
    await llama.dispose();
    throw error;
  }

  const grammars = createGrammarCache(llama);
  const disposal = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  logger.info(
    { models: members.map((m) => m.name), gpu: llama.gpu, cores, demo: config.demo },
    "model pool ready",
  );

  async function run(request: CompletionRequest): Promise<CompletionResult> {
    const startedAt = performance.now();
    if (disposal.signal.aborted) throw new PoolDisposedError();
    if (!(request.maxTokens >= 1) || !(request.timeoutMs > 0)) {
      throw new ModelRequestError(
        `maxTokens (${request.maxTokens}) and timeoutMs (${request.timeoutMs}) must be positive`,
      );
    }
    const member = pickMember(members, request.role);
    if (member === undefined) throw new NoModelForRoleError(request.role);
    const call = createCallSignal({
      timeoutMs: request.timeoutMs,
      callerSignal: request.signal,
      poolSignal: disposal.signal,
      model: member.name,
    });
    try {
      const grammar = await grammars.get(request.jsonSchema);
      return await member.generate(request, grammar, call.signal, startedAt);
    } finally {
      call.dispose();
    }
  }

  return {
    complete(request) {
      const call = run(request);
      inFlight.add(call);
      void call.catch(() => undefined).finally(() => inFlight.delete(call));
      return call;
    },
    members() {
      return members.map((m) => m.info());
    },
    async dispose() {
      if (disposal.signal.aborted) return;
      const reason = new PoolDisposedError();
      disposal.abort(reason);
      for (const member of members) member.close(reason);
      await Promise.allSettled([...inFlight]);
      for (const member of members) await member.dispose();
      await llama.dispose();
      logger.info({ models: members.map((m) => m.name) }, "model pool disposed");
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
