import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createLlamaPool,
  ModelCancelledError,
  ModelRequestError,
  ModelTimeoutError,
  NoModelForRoleError,
  PoolDisposedError,
  type CompletionRequest,
  type JsonSchema,
  type ModelPool,
} from "../../src/pool/index.ts";
import { longStorySchema as longSchema, storiesPoolConfig } from "../helpers/stories-model.ts";

const logger = pino({ level: "silent" });
const instances = 3;

const findingsSchema = {
  type: "object",
  properties: {
    findings: {
      type: "array",
      minItems: 1,
      maxItems: 2,
      items: {
        type: "object",
        properties: {
          path: { enum: ["src/a.ts", "src/b.ts"] },
          line: { type: "integer" },
          message: { type: "string", maxLength: 40 },
        },
      },
    },
  },
} as const satisfies JsonSchema;

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return {
    role: "review",
    prompt: "Once upon a time",
    jsonSchema: findingsSchema,
    maxTokens: 200,
    timeoutMs: 20_000,
    ...overrides,
  };
}

function configFor(count: number) {
  return storiesPoolConfig({ roles: ["review"], instances: count, contextSize: 2048, threads: 1 });
}

describe("createLlamaPool with stories260K", () => {
  let pool: ModelPool;

  beforeAll(async () => {
    pool = await createLlamaPool(configFor(instances), { logger });
  });

  afterAll(async () => {
    await pool.dispose();
  });

  it("describes its members", () => {
    expect(pool.members()).toEqual([
      {
        name: "stories",
        backend: "llama",
        roles: ["review"],
        weight: 1,
        instances,
        busy: 0,
        queued: 0,
        contextSize: 2048,
      },
    ]);
  });

  it("completes with output that parses and matches the schema", async () => {
    const result = await pool.complete(request({ temperature: 0.7, seed: 42 }));
    const parsed = JSON.parse(result.text) as { findings: { path: string; line: number; message: string }[] };
    expect(parsed.findings.length).toBeGreaterThanOrEqual(1);
    expect(parsed.findings.length).toBeLessThanOrEqual(2);
    for (const finding of parsed.findings) {
      expect(["src/a.ts", "src/b.ts"]).toContain(finding.path);
      expect(Number.isInteger(finding.line)).toBe(true);
      expect(finding.message.length).toBeLessThanOrEqual(40);
    }
    expect(result).toMatchObject({ model: "stories", weight: 1, stopReason: "eos" });
    expect(result.promptTokens).toBeGreaterThan(1);
    expect(result.generatedTokens).toBeGreaterThan(0);
    expect(result.durationMs).toBeGreaterThanOrEqual(result.queuedMs);
  });

  it("serves as many concurrent calls as it has instances, each on its own instance", async () => {
    const results = await Promise.all(Array.from({ length: instances }, () => pool.complete(request())));
    expect(new Set(results.map((r) => r.instance)).size).toBe(instances);
  });

  it("queues calls beyond its instances and completes them all", async () => {
    const calls = Array.from({ length: instances + 2 }, () =>
      pool.complete(request({ jsonSchema: longSchema, maxTokens: 150 })),
    );
    await vi.waitFor(() => expect(pool.members()[0]).toMatchObject({ busy: instances, queued: 2 }), {
      timeout: 2000,
      interval: 5,
    });
    const results = await Promise.all(calls);
    expect(results).toHaveLength(instances + 2);
    expect(new Set(results.map((r) => r.instance)).size).toBe(instances);
    expect(results.filter((r) => r.queuedMs > 0).length).toBeGreaterThanOrEqual(2);
    expect(pool.members()[0]).toMatchObject({ busy: 0, queued: 0 });
  });

  it("isolates instances: a prompt gets the same greedy answer alone, beside others, and after others", async () => {
    const prompt = "Lily went to the park with her dog.";
    const alone = await pool.complete(request({ prompt }));
    // Concurrent calls decode in one batch on one context; each must still see only its own prompt.
    const together = await Promise.all([
      pool.complete(request({ prompt })),
      pool.complete(request({ prompt: "Tom had a big red ball. He threw it high up in the sky." })),
      pool.complete(request({ prompt })),
    ]);
    expect(new Set(together.map((r) => r.instance)).size).toBe(instances);
    expect(together[0].text).toBe(alone.text);
    expect(together[2].text).toBe(alone.text);
    // Every instance now holds some other call's text; the answer must not change.
    for (let i = 0; i < instances; i += 1) {
      await pool.complete(request({ prompt: `The little cat number ${i} slept in the warm sun all day.` }));
    }
    const after = await pool.complete(request({ prompt }));
    expect(after.text).toBe(alone.text);
  });

  it("respects maxTokens", async () => {
    const result = await pool.complete(request({ jsonSchema: longSchema, maxTokens: 12 }));
    expect(result.stopReason).toBe("maxTokens");
    expect(result.generatedTokens).toBeGreaterThan(0);
    expect(result.generatedTokens).toBeLessThanOrEqual(12);
  });

  it("times out a long generation with ModelTimeoutError and releases the instance", async () => {
    const started = performance.now();
    const error = await pool
      .complete(request({ jsonSchema: longSchema, maxTokens: 1800, timeoutMs: 80 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelTimeoutError);
    expect((error as ModelTimeoutError).retryable).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(pool.members()[0]?.busy).toBe(0);
    const results = await Promise.all(Array.from({ length: instances }, () => pool.complete(request())));
    expect(new Set(results.map((r) => r.instance)).size).toBe(instances);
  });

  it("counts the wait for an instance against the timeout", async () => {
    const busy = Array.from({ length: instances }, () =>
      pool.complete(request({ jsonSchema: longSchema, maxTokens: 250 })),
    );
    const waiting = await pool.complete(request({ timeoutMs: 30 })).catch((e: unknown) => e);
    expect(waiting).toBeInstanceOf(ModelTimeoutError);
    await Promise.all(busy);
    expect(pool.members()[0]).toMatchObject({ busy: 0, queued: 0 });
  });

  it("cancels through the caller's signal with ModelCancelledError and releases the instance", async () => {
    const controller = new AbortController();
    const call = pool.complete(
      request({ jsonSchema: longSchema, maxTokens: 1800, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 40);
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCancelledError);
    expect((error as ModelCancelledError).retryable).toBe(false);
    expect(pool.members()[0]?.busy).toBe(0);
    const results = await Promise.all(Array.from({ length: instances }, () => pool.complete(request())));
    expect(new Set(results.map((r) => r.instance)).size).toBe(instances);
  });

  it("cancels a call still waiting for an instance", async () => {
    const busy = Array.from({ length: instances }, () =>
      pool.complete(request({ jsonSchema: longSchema, maxTokens: 200 })),
    );
    const controller = new AbortController();
    const waiting = pool.complete(request({ signal: controller.signal }));
    await vi.waitFor(() => expect(pool.members()[0]?.queued).toBe(1), { timeout: 2000, interval: 5 });
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(ModelCancelledError);
    expect(pool.members()[0]?.queued).toBe(0);
    await Promise.all(busy);
  });

  it("rejects an already aborted signal without running", async () => {
    const error = await pool.complete(request({ signal: AbortSignal.abort() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCancelledError);
  });

  it("refuses a prompt longer than the context instead of cutting its start off", async () => {
    const error = await pool
      .complete(request({ prompt: "the cat sat. ".repeat(1500) }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRequestError);
    expect((error as Error).message).toMatch(/does not fit the \d+-token context/);
    expect(pool.members()[0]?.busy).toBe(0);
  });

  it("rejects a role no member serves", async () => {
    await expect(pool.complete(request({ role: "fix" }))).rejects.toBeInstanceOf(NoModelForRoleError);
  });
});

describe("createLlamaPool disposal", () => {
  it("aborts calls in flight and rejects later calls with PoolDisposedError", async () => {
    const pool = await createLlamaPool(configFor(1), { logger });
    const running = pool.complete(request({ jsonSchema: longSchema, maxTokens: 1800 }));
    const waiting = pool.complete(request());
    await new Promise((r) => setTimeout(r, 30));
    await pool.dispose();
    await expect(running).rejects.toBeInstanceOf(PoolDisposedError);
    await expect(waiting).rejects.toBeInstanceOf(PoolDisposedError);
    await expect(pool.complete(request())).rejects.toBeInstanceOf(PoolDisposedError);
  });
});
