import type { Logger } from "pino";
import type { PoolModelConfig } from "../config/index.ts";
import { readAbortReason } from "./create-call-signal.ts";
import type { GrammarCache } from "./grammar-cache.ts";
import { LeaseScheduler } from "./lease-scheduler.ts";
import type { CompletionRequest, CompletionResult } from "./model-pool.ts";
import { createMemberBasics, type PoolMember } from "./pool-member.ts";
import { MemberMeter } from "./pool-metrics.ts";
import { PoolError, RemoteMemberError } from "./pool-errors.ts";

/** Concurrent requests when the pool file says `instances: auto` for an endpoint. */
export const defaultRemoteConcurrency = 4;
const defaultRequestTimeoutMs = 60_000;
/** Longest error body quoted in a log or error message. */
const maxQuotedBody = 300;

export interface RemoteMemberSettings {
  readonly config: PoolModelConfig & { readonly endpoint: string; readonly model: string };
  /** Checks answers against the schema (JSON and shape); without it, answers are only parsed as JSON. */
  readonly grammars: GrammarCache | undefined;
  readonly logger: Logger;
  /** How long a member that was unreachable, too slow or failing with 5xx/429 is avoided. Default: 30000 ms. */
  readonly cooldownMs?: number | undefined;
  /** Where `apiKeyEnv` is looked up. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

interface OpenAiResponse {
  readonly choices?: readonly {
    readonly message?: { readonly content?: unknown };
    readonly text?: unknown;
    readonly finish_reason?: unknown;
  }[];
  readonly usage?: {
    readonly prompt_tokens?: unknown;
    readonly completion_tokens?: unknown;
    readonly prompt_tokens_details?: { readonly cached_tokens?: unknown };
  };
}

/**
 * A pool member served by an OpenAI-compatible endpoint (llama.cpp server, Ollama, vLLM). It gets
 * at most `instances` requests at once (queued like local instances, by priority and tenant), asks
 * for the output schema as `response_format: json_schema`, and checks the answer itself: servers
 * differ in how strictly they enforce it. Failures throw `RemoteMemberError` so the pool can fall
 * back to a local member; a member that is down is avoided for a cool-down period.
 */
export function createRemoteMember(settings: RemoteMemberSettings): PoolMember {
  const { config, grammars, logger } = settings;
  const concurrency = config.instances === "auto" ? defaultRemoteConcurrency : config.instances;
  const slots = Array.from({ length: concurrency }, (_, i) => `${config.name}#${i}`);
  const scheduler = new LeaseScheduler(slots, { policy: "round-robin" });
  const meter = new MemberMeter(0);
  const api = config.api ?? "chat";
  const url = `${config.endpoint.replace(/\/+$/, "")}/${api === "chat" ? "chat/completions" : "completions"}`;
  const requestTimeoutMs = config.requestTimeoutMs ?? defaultRequestTimeoutMs;
  const cooldownMs = settings.cooldownMs ?? 30_000;
  const apiKey = config.apiKeyEnv === undefined ? undefined : (settings.env ?? process.env)[config.apiKeyEnv];
  if (config.apiKeyEnv !== undefined && (apiKey === undefined || apiKey === "")) {
    logger.warn(
      { model: config.name, apiKeyEnv: config.apiKeyEnv },
      "the API key variable is not set; requests go without a key",
    );
  }
  let downUntil = 0;

  function fail(
    kind: RemoteMemberError["kind"],
    message: string,
    extra: { status?: number; cause?: unknown } = {},
  ): RemoteMemberError {
    return new RemoteMemberError(`remote model "${config.name}" (${url}): ${message}`, {
      model: config.name,
      kind,
      ...extra,
    });
  }

  async function post(request: CompletionRequest, signal: AbortSignal): Promise<OpenAiResponse> {
    const sampling = {
      model: config.model,
      max_tokens: request.maxTokens,
      temperature: request.temperature ?? 0,
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      response_format: {
        type: "json_schema",
        json_schema: { name: "quorum_output", schema: request.jsonSchema },
      },
      stream: false,
    };
    const body =
      api === "chat"
        ? { ...sampling, messages: [{ role: "user", content: request.prompt }] }
        : { ...sampling, prompt: request.prompt };
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(apiKey === undefined || apiKey === "" ? {} : { authorization: `Bearer ${apiKey}` }),
      },
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      throw fail("http", `HTTP ${response.status}: ${text.slice(0, maxQuotedBody)}`, {
        status: response.status,
      });
    }
    try {
      return (await response.json()) as OpenAiResponse;
    } catch (error) {
      if (signal.aborted) throw error;
      throw fail("invalid-output", "the response body is not JSON", { cause: error });
    }
  }

  async function checkOutput(request: CompletionRequest, text: string): Promise<void> {
    try {
      if (grammars === undefined) JSON.parse(text);
      else (await grammars.get(request.jsonSchema)).parse(text);
    } catch (error) {
      if (error instanceof PoolError) throw error;
      throw fail("invalid-output", "the answer is not JSON matching the schema", { cause: error });
    }
  }

  const own: Pick<PoolMember, "generate" | "dispose"> = {
    async generate(request, call) {
      const slot = await scheduler.acquire({
        priority: request.priority,
        tenant: request.tenant,
        signal: call.signal,
      });
      const leasedAt = performance.now();
      meter.leaseStarted(leasedAt - call.startedAt);
      const controller = new AbortController();
      const onCallAbort = (): void => controller.abort(call.signal.reason);
      call.signal.addEventListener("abort", onCallAbort, { once: true });
      const timeout = new Error(`no answer within ${requestTimeoutMs} ms`);
      const timer = setTimeout(() => controller.abort(timeout), requestTimeoutMs);
      try {
        let response: OpenAiResponse;
        try {
          response = await post(request, controller.signal);
        } catch (error) {
          if (error instanceof RemoteMemberError) throw error;
          const typed = readAbortReason(call.signal);
          if (typed !== undefined) throw typed;
          if (controller.signal.reason === timeout) throw fail("timeout", timeout.message, { cause: error });
          throw fail("unreachable", "the endpoint cannot be reached", { cause: error });
        }
        const choice = response.choices?.[0];
        const content = api === "chat" ? choice?.message?.content : choice?.text;
        if (typeof content !== "string") {
          throw fail("invalid-output", "the response has no text in choices[0]");
        }
        await checkOutput(request, content);
        const usage = response.usage;
        const promptTokens = readCount(usage?.prompt_tokens) ?? estimateTokens(request.prompt);
        const reusedPromptTokens = Math.min(
          promptTokens,
          readCount(usage?.prompt_tokens_details?.cached_tokens) ?? 0,
        );
        const generatedTokens = readCount(usage?.completion_tokens) ?? estimateTokens(content);
        request.budget?.spend(promptTokens - reusedPromptTokens + generatedTokens);
        call.signal.throwIfAborted();
        const finishedAt = performance.now();
        const result: CompletionResult = {
          text: content,
          model: config.name,
          weight: config.weight,
          instance: slot,
          promptTokens,
          reusedPromptTokens,
          evaluatedPromptTokens: promptTokens - reusedPromptTokens,
          generatedTokens,
          queuedMs: Math.round(leasedAt - call.startedAt),
          // Not streamed: the first token arrives with the last.
          firstTokenMs: Math.round(finishedAt - call.startedAt),
          durationMs: Math.round(finishedAt - call.startedAt),
          stopReason: choice?.finish_reason === "length" ? "maxTokens" : "eos",
        };
        meter.recordSuccess(result);
        return result;
      } catch (error) {
        meter.recordFailure();
        const typed = readAbortReason(call.signal);
        if (typed !== undefined) throw typed;
        if (error instanceof RemoteMemberError && marksDown(error)) {
          downUntil = performance.now() + cooldownMs;
          logger.warn(
            { model: config.name, kind: error.kind, status: error.status, cooldownMs },
            "remote model failing; avoided for a while",
          );
        }
        throw error;
      } finally {
        clearTimeout(timer);
        call.signal.removeEventListener("abort", onCallAbort);
        meter.leaseEnded();
        scheduler.release(slot);
      }
    },
    dispose() {
      return Promise.resolve();
    },
  };
  const basics = createMemberBasics({
    config,
    backend: "remote",
    scheduler,
    meter,
    contextSize: Number.POSITIVE_INFINITY,
    available: () => performance.now() >= downUntil,
  });
  return Object.assign(basics, own);
}

/** Failures that say the server is down or overloaded, as opposed to one bad answer. */
function marksDown(error: RemoteMemberError): boolean {
  if (error.kind === "unreachable" || error.kind === "timeout") return true;
  return error.kind === "http" && (error.status === 429 || (error.status ?? 0) >= 500);
}

function readCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

/** Servers that report no usage get the usual rough estimate of 4 characters per token. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
