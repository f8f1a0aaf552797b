import { setMaxListeners } from "node:events";
import { roles, type Role } from "../config/index.ts";
import { createCallSignal, readAbortReason } from "./create-call-signal.ts";
import type { CompletionRequest, CompletionResult, ModelPool, PoolMemberInfo } from "./model-pool.ts";
import { MemberMeter, snapshotPoolMetrics } from "./pool-metrics.ts";
import { NoModelForRoleError, PoolDisposedError } from "./pool-errors.ts";

/** Returns the raw model text for a request. May be async (e.g. to simulate a slow model). */
export type ScriptedResponder = (request: CompletionRequest, callIndex: number) => string | Promise<string>;

export interface ScriptedPoolOptions {
  /** Member name reported in results. Default: `scripted`. */
  readonly model?: string;
  /** Default: 1. */
  readonly weight?: number;
  /** Default: every role. */
  readonly roles?: readonly Role[];
}

export interface ScriptedPool extends ModelPool {
  /** Every request received, in order, for assertions. */
  readonly requests: readonly CompletionRequest[];
}

/**
 * TEST DOUBLE. A `ModelPool` whose "model" is the responder function: no weights, no grammar, no
 * tokenizer. It honours the contract callers depend on (timeouts, cancellation, role routing,
 * typed errors, the token cap) so agents, fusion and planning can be tested deterministically. Token counts are
 * rough estimates (4 characters per token), and the text is returned unchecked against the schema
 * so tests can feed garbage on purpose.
 */
export function createScriptedPool(
  responder: ScriptedResponder,
  options: ScriptedPoolOptions = {},
): ScriptedPool {
  const model = options.model ?? "scripted";
  const weight = options.weight ?? 1;
  const servedRoles = options.roles ?? roles;
  const requests: CompletionRequest[] = [];
  const disposal = new AbortController();
  setMaxListeners(0, disposal.signal);
  const meter = new MemberMeter();
  const createdAt = performance.now();
  let busy = 0;

  async function complete(request: CompletionRequest): Promise<CompletionResult> {
    if (disposal.signal.aborted) throw new PoolDisposedError();
    if (!servedRoles.includes(request.role)) throw new NoModelForRoleError(request.role);
    const callIndex = requests.length;
    requests.push(request);
    const startedAt = performance.now();
    const call = createCallSignal({
      timeoutMs: request.timeoutMs,
      callerSignal: request.signal,
      poolSignal: disposal.signal,
      budgetSignal: request.budget?.signal,
      model,
    });
    busy += 1;
    meter.leaseStarted(0);
    let succeeded = false;
    try {
      const aborted = new Promise<never>((_, reject) => {
        const onAbort = (): void => reject(readAbortReason(call.signal) ?? new PoolDisposedError());
        if (call.signal.aborted) onAbort();
        else call.signal.addEventListener("abort", onAbort, { once: true });
      });
      const answer = await Promise.race([Promise.resolve(responder(request, callIndex)), aborted]);
      // Like a real model, an answer longer than the token cap is cut off mid-way.
      const cutOff = estimateTokens(answer) > request.maxTokens;
      const text = cutOff ? answer.slice(0, request.maxTokens * charactersPerToken) : answer;
      const promptTokens = estimateTokens(request.prompt);
      const generatedTokens = estimateTokens(text);
      request.budget?.spend(promptTokens + generatedTokens);
      const failure = readAbortReason(call.signal);
      if (failure !== undefined) throw failure;
      const durationMs = Math.round(performance.now() - startedAt);
      const result: CompletionResult = {
        text,
        model,
        weight,
        instance: `${model}#0`,
        promptTokens,
        reusedPromptTokens: 0,
        evaluatedPromptTokens: promptTokens,
        generatedTokens,
        queuedMs: 0,
        firstTokenMs: durationMs,
        durationMs,
        stopReason: cutOff ? "maxTokens" : "eos",
      };
      meter.recordSuccess(result);
      succeeded = true;
      return result;
    } finally {
      if (!succeeded) meter.recordFailure();
      meter.leaseEnded();
      busy -= 1;
      call.dispose();
    }
  }

  function info(): PoolMemberInfo {
    return {
      name: model,
      backend: "scripted",
      roles: servedRoles,
      weight,
      instances: 1,
      busy,
      queued: 0,
      contextSize: Number.POSITIVE_INFINITY,
    };
  }

  return {
    requests,
    complete,
    members(): readonly PoolMemberInfo[] {
      return [info()];
    },
    metrics() {
      return snapshotPoolMetrics(createdAt, [meter.snapshot(info())]);
    },
    dispose() {
      disposal.abort(new PoolDisposedError());
      return Promise.resolve();
    },
  };
}

const charactersPerToken = 4;

function estimateTokens(text: string): number {
  return Math.ceil(text.length / charactersPerToken);
}
