import type { Logger } from "pino";
import type {
  Llama,
  LlamaCompletion,
  LlamaContext,
  LlamaContextSequence,
  LlamaGrammar,
  LlamaModel,
  Token,
} from "node-llama-cpp";
import type * as LlamaRuntime from "node-llama-cpp";
import type { PoolModelConfig, Role } from "../config/index.ts";
import { readAbortReason } from "./create-call-signal.ts";
import { InstanceQueue } from "./instance-queue.ts";
import type { CompletionRequest, CompletionResult, PoolMemberInfo, StopReason } from "./model-pool.ts";
import { ModelGenerationError, ModelLoadError, ModelRequestError } from "./pool-errors.ts";

type LlamaModule = typeof LlamaRuntime;

interface LlamaInstance {
  readonly id: string;
  readonly sequence: LlamaContextSequence;
  readonly completion: LlamaCompletion;
}

/** One model of the pool: its weights loaded once, one context, `instances` sequences leased one call at a time. */
export interface LlamaMember {
  readonly name: string;
  readonly config: PoolModelConfig;
  readonly roles: readonly Role[];
  /** Instances in use plus callers waiting: the member's load, for picking among members. */
  readonly load: number;
  readonly hasFreeInstance: boolean;
  info(): PoolMemberInfo;
  /** `signal` must abort with a `PoolError` reason (see `createCallSignal`). */
  generate(
    request: CompletionRequest,
    grammar: LlamaGrammar,
    signal: AbortSignal,
    startedAt: number,
  ): Promise<CompletionResult>;
  /** Rejects waiting callers with `reason`; calls in flight end through their own signals. */
  close(reason: Error): void;
  dispose(): Promise<void>;
}

export async function loadLlamaMember(
  runtime: LlamaModule,
  llama: Llama,
  config: PoolModelConfig,
  options: { readonly threads: number; readonly logger: Logger },
): Promise<LlamaMember> {
  const { logger, threads } = options;
  const started = performance.now();
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: config.file });
  } catch (error) {
    throw new ModelLoadError(`model "${config.name}": llama.cpp could not load ${config.file}`, {
      file: config.file,
      model: config.name,
      cause: error,
    });
  }
  let context: LlamaContext;
  try {
    context = await model.createContext({
      sequences: config.instances,
      contextSize: config.contextSize,
      threads,
    });
  } catch (error) {
    await model.dispose();
    throw new ModelLoadError(
      `model "${config.name}": cannot create ${config.instances} instances of ${config.contextSize} tokens each; lower "instances" or "contextSize" in the pool file`,
      { file: config.file, model: config.name, cause: error },
    );
  }

  const instances: LlamaInstance[] = Array.from({ length: config.instances }, (_, index) => {
    const sequence = context.getSequence();
    return {
      id: `${config.name}#${index}`,
      sequence,
      completion: new runtime.LlamaCompletion({ contextSequence: sequence }),
    };
  });
  const queue = new InstanceQueue(instances);
  // llama.cpp prepends BOS itself; counted here so promptTokens is what the context holds.
  const bos: Token | null = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
  const contextSize = context.contextSize;

  logger.info(
    {
      model: config.name,
      file: config.file,
      instances: config.instances,
      contextSize,
      threads,
      loadMs: Math.round(performance.now() - started),
    },
    "model loaded",
  );

  /**
   * Forgets the previous caller's tokens so instances never see each other's prompts. Prefix-affine
   * leasing will replace this with keeping a shared prefix; until then every lease starts empty.
   */
  async function resetAndRelease(instance: LlamaInstance): Promise<void> {
    try {
      await instance.sequence.clearHistory();
    } catch (error) {
      // Handing out an instance whose history could not be cleared would leak one caller's
      // tokens into the next call, so it is retired instead; the pool shrinks by one.
      logger.error({ err: error, instance: instance.id }, "could not clear an instance; retired");
      return;
    }
    queue.release(instance);
  }

  async function generate(
    request: CompletionRequest,
    grammar: LlamaGrammar,
    signal: AbortSignal,
    startedAt: number,
  ): Promise<CompletionResult> {
    const instance = await queue.acquire(signal);
    const leasedAt = performance.now();
    try {
      const tokens = model.tokenize(request.prompt, false, "trimLeadingSpace");
      const contextTokens = bos === null ? tokens : [bos, ...tokens];
      const promptTokens = contextTokens.length;
      // LlamaCompletion silently drops the start of a prompt that does not fit, which would cut
      // the instructions off; refusing is the honest answer.
      if (promptTokens >= contextSize - 1) {
        throw new ModelRequestError(
          `prompt of ${promptTokens} tokens does not fit the ${contextSize}-token context of model "${config.name}"`,
          { model: config.name },
        );
      }
      const reusedPromptTokens = Math.min(
        instance.sequence.compareContextTokens(contextTokens).firstDifferentIndex,
        promptTokens - 1,
      );
      let generatedTokens = 0;
      const response = await instance.completion.generateCompletionWithMeta(tokens, {
        grammar,
        maxTokens: request.maxTokens,
        temperature: request.temperature ?? 0,
        ...(request.seed === undefined ? {} : { seed: request.seed }),
        signal,
        disableContextShift: true,
        contextShiftSize: 1,
        onToken: (chunk) => {
          generatedTokens += chunk.length;
        },
      });
      const stopReason: StopReason = response.metadata.stopReason === "maxTokens" ? "maxTokens" : "eos";
      const finishedAt = performance.now();
      const result: CompletionResult = {
        text: response.response,
        model: config.name,
        weight: config.weight,
        instance: instance.id,
        promptTokens,
        reusedPromptTokens,
        generatedTokens,
        queuedMs: Math.round(leasedAt - startedAt),
        durationMs: Math.round(finishedAt - startedAt),
        stopReason,
      };
      logger.debug(
        {
          model: config.name,
          instance: instance.id,
          role: request.role,
          promptTokens,
          generatedTokens,
          queuedMs: result.queuedMs,
          durationMs: result.durationMs,
          tokensPerSecond: Math.round((generatedTokens * 1000) / Math.max(1, finishedAt - leasedAt)),
          stopReason,
        },
        "completion done",
      );
      return result;
    } catch (error) {
      const typed = readAbortReason(signal);
      if (typed !== undefined) throw typed;
      if (error instanceof ModelRequestError) throw error;
      throw new ModelGenerationError(`model "${config.name}" failed while generating`, {
        model: config.name,
        cause: error,
      });
    } finally {
      await resetAndRelease(instance);
    }
  }

  return {
    name: config.name,
    config,
    roles: config.roles,
    get load() {
      return queue.busy + queue.waiting;
    },
    get hasFreeInstance() {
      return queue.free > 0;
    },
    info() {
      return {
        name: config.name,
        backend: "llama",
        roles: config.roles,
        weight: config.weight,
        instances: config.instances,
        busy: queue.busy,
        queued: queue.waiting,
        contextSize,
      };
    },
    generate,
    close(reason) {
      queue.close(reason);
    },
    async dispose() {
      for (const instance of instances) instance.completion.dispose();
      await context.dispose();
      await model.dispose();
    },
  };
}
