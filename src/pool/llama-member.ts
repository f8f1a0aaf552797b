import type { Logger } from "pino";
import type {
  BatchingOptions,
  Llama,
  LlamaCompletion,
  LlamaContext,
  LlamaContextSequence,
  LlamaModel,
  Token,
} from "node-llama-cpp";
import type * as LlamaRuntime from "node-llama-cpp";
import type { PoolModelConfig } from "../config/index.ts";
import type { FlashAttentionCalibration } from "./calibrate-flash-attention.ts";
import { calibrateModel } from "./calibrate-model.ts";
import type { ThreadCalibration } from "./calibrate-threads.ts";
import { readAbortReason } from "./create-call-signal.ts";
import type { GrammarCache } from "./grammar-cache.ts";
import { LeaseScheduler, type LeasePolicy } from "./lease-scheduler.ts";
import type { CompletionResult, StopReason } from "./model-pool.ts";
import { settleThreads, type ModelPlan } from "./plan-pool.ts";
import { createMemberBasics, type MemberBasics, type PoolMember } from "./pool-member.ts";
import { MemberMeter } from "./pool-metrics.ts";
import { PrefixExchange } from "./prefix-exchange.ts";
import { ModelGenerationError, ModelLoadError, ModelRequestError, PoolError } from "./pool-errors.ts";

type LlamaModule = typeof LlamaRuntime;

/**
 * A cached prefix shorter than this is not worth steering a call for: it would evict another
 * prompt's cache to save a handful of tokens (every prompt shares at least the BOS token).
 */
const minReusableTokens = 16;
/**
 * Shorter prompt prefixes are evaluated rather than copied from another instance: copying means
 * waiting for that instance and a round trip through a state file.
 */
const minSharedTokens = 64;

interface LlamaInstance {
  readonly id: string;
  readonly sequence: LlamaContextSequence;
  readonly completion: LlamaCompletion;
}

export interface LlamaMemberSettings {
  /** The pool-file entry, with `file` resolved to an absolute path. */
  readonly config: PoolModelConfig & { readonly file: string };
  /** Instances, context size, GPU layers and threads decided by the planner. */
  readonly plan: ModelPlan;
  /** Threads to use when the plan says `calibrate`, instead of measuring (tests, benchmarks). */
  readonly cores: number;
  /** Default: `prefix-affine`. */
  readonly policy?: LeasePolicy | undefined;
  /**
   * Let calls starting together copy a long prompt prefix another instance is evaluating
   * (`PrefixExchange`). Default: true with `prefix-affine`, never with `round-robin` (the baseline).
   */
  readonly prefixSharing?: boolean | undefined;
  /** Caps the contexts the plan allows (benchmarks compare layouts). Default: no cap. */
  readonly maxContexts?: number | undefined;
  /** node-llama-cpp batching of concurrent sequences. Default: node-llama-cpp's. */
  readonly batching?: BatchingOptions | undefined;
  readonly grammars: GrammarCache;
  readonly logger: Logger;
}

export interface LlamaMember extends PoolMember {
  readonly backend: "llama";
  readonly contextSize: number;
  readonly threads: number;
  /** Contexts the instances are spread over (each decodes in parallel with the others). */
  readonly contexts: number;
  /** The model's plan with threads measured and contexts settled. */
  readonly plan: ModelPlan;
  /** Whether contexts use flash attention, as measured (`auto`: llama.cpp's default, unmeasured). */
  readonly flashAttention: boolean | "auto";
  readonly calibration: ThreadCalibration | undefined;
  /** The tokens each instance's cache holds, for tests and diagnostics. */
  cachedTokens(): readonly (readonly Token[])[];
}

/**
 * One local model: its weights loaded once; its instances are the sequences of one context (or of
 * a few, when one decode cannot use every core: contexts decode in parallel). An
 * instance keeps its cache between calls; a call gets the free instance holding the longest prefix
 * of its prompt and evaluates only the rest, or copies a long prefix that another instance is
 * evaluating at the same moment (`PrefixExchange`). Isolation: before a call runs, everything after
 * the common prefix is erased, so the call sees exactly its own prompt (the kept prefix is, token
 * for token, the start of that prompt).
 */
export async function loadLlamaMember(
  runtime: LlamaModule,
  llama: Llama,
  settings: LlamaMemberSettings,
): Promise<LlamaMember> {
  const { config, plan, grammars } = settings;
  const logger = settings.logger;
  const started = performance.now();
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: config.file, gpuLayers: plan.gpuLayers });
  } catch (error) {
    throw new ModelLoadError(`model "${config.name}": llama.cpp could not load ${config.file}`, {
      file: config.file,
      model: config.name,
      cause: error,
    });
  }

  let calibration: ThreadCalibration | undefined;
  let threads: number;
  let settled: ModelPlan;
  let attention: FlashAttentionCalibration;
  const contexts: LlamaContext[] = [];
  const instances: LlamaInstance[] = [];
  try {
    ({ threads, calibration, attention } = await calibrateModel(model, config.file, plan, settings.cores));
    // A decode that is fastest on fewer threads than there are cores leaves cores idle; contexts
    // decode independently, so spreading the instances over several puts those cores to work.
    settled = settleThreads(
      { ...plan, contexts: Math.max(1, Math.min(plan.contexts, settings.maxContexts ?? plan.contexts)) },
      threads,
      settings.cores,
    );
    const sizes = splitEvenly(plan.instances, settled.contexts);
    for (const sequences of sizes) {
      contexts.push(
        await model.createContext({
          sequences,
          contextSize: plan.contextSize,
          threads,
          ...(attention.flashAttention === "auto" ? {} : { flashAttention: attention.flashAttention }),
          ...(settings.batching === undefined ? {} : { batching: settings.batching }),
        }),
      );
    }
    // Interleaved (context 0, 1, 0, 1, ...): idle instances are leased in this order, so a few
    // concurrent calls land on different contexts and decode in parallel.
    for (let slot = 0; slot < (sizes[0] ?? 0); slot += 1) {
      contexts.forEach((context, c) => {
        if (slot >= (sizes[c] ?? 0)) return;
        const sequence = context.getSequence();
        instances.push({
          id: `${config.name}#${instances.length}`,
          sequence,
          completion: new runtime.LlamaCompletion({ contextSequence: sequence }),
        });
      });
    }
  } catch (error) {
    for (const context of contexts) await context.dispose();
    await model.dispose();
    throw new ModelLoadError(
      `model "${config.name}": cannot create ${plan.instances} instances of ${plan.contextSize} tokens each; lower "instances" or "contextSize" in the pool file`,
      { file: config.file, model: config.name, cause: error },
    );
  }

  const exchange = new PrefixExchange();
  const sharing = settings.policy !== "round-robin" && settings.prefixSharing !== false;
  const scheduler = new LeaseScheduler(instances, {
    policy: settings.policy,
    minAffinity: minReusableTokens,
  });
  const meter = new MemberMeter(settled.totalRamBytes + settled.totalVramBytes);
  // llama.cpp prepends BOS itself; counted here so promptTokens is what the context holds.
  const bos: Token | null = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
  const contextSize = (contexts[0] as LlamaContext).contextSize;

  logger.info(
    {
      model: config.name,
      file: config.file,
      instances: plan.instances,
      contexts: contexts.length,
      contextSize,
      gpuLayers: plan.gpuLayers,
      threads,
      calibration: calibration?.tokensPerSecond,
      flashAttention: attention.flashAttention,
      promptTokensPerSecond: attention.promptTokensPerSecond,
      policy: scheduler.policy,
      loadMs: Math.round(performance.now() - started),
    },
    "model loaded",
  );

  async function release(instance: LlamaInstance, failed: boolean): Promise<void> {
    if (failed) {
      // A failed or aborted call may leave a half-written cache; starting the next call from an
      // empty one is the only state known to be clean.
      try {
        await instance.sequence.clearHistory();
      } catch (error) {
        logger.error({ err: error, instance: instance.id }, "could not clear an instance; retired");
        scheduler.retire(instance);
        if (scheduler.size === 0) {
          scheduler.close(
            new ModelGenerationError(`model "${config.name}" has no usable instance left`, {
              model: config.name,
            }),
          );
        }
        return;
      }
    }
    scheduler.release(instance);
  }

  const own: Omit<LlamaMember, keyof MemberBasics<"llama">> = {
    contextSize,
    threads,
    contexts: contexts.length,
    plan: settled,
    flashAttention: attention.flashAttention,
    calibration,
    cachedTokens() {
      return instances.map((i) => i.sequence.contextTokens);
    },
    async generate(request, call) {
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
      const grammar = await grammars.get(request.jsonSchema);
      // At least the last prompt token is always evaluated: generation needs its logits.
      const cachedPrefix = (instance: LlamaInstance): number =>
        Math.min(instance.sequence.compareContextTokens(contextTokens).firstDifferentIndex, promptTokens - 1);
      const instance = await scheduler.acquire({
        priority: request.priority,
        tenant: request.tenant,
        signal: call.signal,
        affinity: cachedPrefix,
      });
      const leasedAt = performance.now();
      meter.leaseStarted(leasedAt - call.startedAt);
      let failed = true;
      try {
        const { sequence } = instance;
        const streams = sequence.context.totalSequences;
        // Another instance evaluating a longer prefix of this prompt right now? Copy it when done.
        const found = sharing
          ? exchange.find(contextTokens, streams, cachedPrefix(instance), minSharedTokens)
          : undefined;
        // Otherwise offer this prompt's evaluation at once, so calls starting now can copy it.
        const offer =
          sharing && found === undefined && promptTokens - 1 - cachedPrefix(instance) > minSharedTokens
            ? exchange.open(contextTokens.slice(0, promptTokens - 1), streams)
            : undefined;
        let reusedPromptTokens: number;
        try {
          if (found !== undefined) await exchange.join(found.offer, sequence, call.signal);
          reusedPromptTokens = cachedPrefix(instance);
          // Isolation: nothing after the prefix this prompt shares with the cache may stay.
          if (sequence.nextTokenIndex > reusedPromptTokens) {
            await sequence.eraseContextTokenRanges([
              { start: reusedPromptTokens, end: sequence.nextTokenIndex },
            ]);
          }
          request.budget?.spend(promptTokens - reusedPromptTokens);
          call.signal.throwIfAborted();
          if (offer !== undefined) {
            // Evaluated apart from generation, so the state can be saved for the copiers first.
            await sequence.evaluateWithoutGeneratingNewTokens(
              contextTokens.slice(reusedPromptTokens, promptTokens - 1),
            );
            await offer.complete(sequence);
          }
        } catch (error) {
          offer?.withdraw();
          throw error;
        }
        const evaluatedPromptTokens = promptTokens - reusedPromptTokens;

        let generatedTokens = 0;
        let firstTokenAt: number | undefined;
        const response = await instance.completion.generateCompletionWithMeta(tokens, {
          grammar,
          maxTokens: request.maxTokens,
          temperature: request.temperature ?? 0,
          ...(request.seed === undefined ? {} : { seed: request.seed }),
          signal: call.signal,
          disableContextShift: true,
          contextShiftSize: 1,
          onToken: (chunk) => {
            firstTokenAt ??= performance.now();
            generatedTokens += chunk.length;
            request.budget?.spend(chunk.length);
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
          evaluatedPromptTokens,
          generatedTokens,
          queuedMs: Math.round(leasedAt - call.startedAt),
          firstTokenMs: Math.round((firstTokenAt ?? finishedAt) - call.startedAt),
          durationMs: Math.round(finishedAt - call.startedAt),
          stopReason,
        };
        failed = false;
        meter.recordSuccess(result);
        logger.debug(
          {
            model: config.name,
            instance: instance.id,
            role: request.role,
            priority: request.priority,
            tenant: request.tenant,
            promptTokens,
            reusedPromptTokens,
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
        meter.recordFailure();
        const typed = readAbortReason(call.signal);
        if (typed !== undefined) throw typed;
        if (error instanceof PoolError) throw error;
        throw new ModelGenerationError(`model "${config.name}" failed while generating`, {
          model: config.name,
          cause: error,
        });
      } finally {
        meter.leaseEnded();
        await release(instance, failed);
      }
    },
    async dispose() {
      for (const instance of instances) instance.completion.dispose();
      await exchange.dispose();
      for (const context of contexts) await context.dispose();
      await model.dispose();
    },
  };
  return Object.assign(createMemberBasics({ config, backend: "llama", scheduler, meter, contextSize }), own);
}

/** `total` split into `parts` sizes differing by at most one, larger first. */
function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}
