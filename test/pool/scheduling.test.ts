import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createLlamaPool,
  ModelCancelledError,
  RunBudget,
  RunBudgetExceededError,
  type CompletionRequest,
  type JsonSchema,
  type LlamaPool,
} from "../../src/pool/index.ts";
import { longStorySchema as longSchema, storiesPoolConfig } from "../helpers/stories-model.ts";

const logger = pino({ level: "silent" });

const shortSchema = {
  type: "object",
  properties: { word: { type: "string", maxLength: 8 } },
} as const satisfies JsonSchema;

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return {
    role: "review",
    prompt: "Once upon a time",
    jsonSchema: shortSchema,
    maxTokens: 40,
    timeoutMs: 30_000,
    ...overrides,
  };
}

describe("pool scheduling with stories260K", () => {
  let pool: LlamaPool;

  beforeAll(async () => {
    pool = await createLlamaPool(storiesPoolConfig({ instances: 2, contextSize: 2048, threads: 1 }), {
      logger,
    });
  });

  afterAll(async () => {
    await pool.dispose();
  });

  async function occupyAll(): Promise<{ release: () => Promise<void> }> {
    const controller = new AbortController();
    const running = Array.from({ length: 2 }, () =>
      pool.complete(request({ jsonSchema: longSchema, maxTokens: 1800, signal: controller.signal })),
    );
    await vi.waitFor(() => expect(pool.members()[0]?.busy).toBe(2), { timeout: 5000, interval: 5 });
    return {
      release: async () => {
        controller.abort();
        await Promise.allSettled(running);
      },
    };
  }

  it("serves waiting slash commands before automatic reviews before background work", async () => {
    const busy = await occupyAll();
    const [background, automatic, command] = (["background", "automatic", "command"] as const).map(
      (priority) => pool.complete(request({ priority })),
    );
    await vi.waitFor(() => expect(pool.members()[0]?.queued).toBe(3), { timeout: 5000, interval: 5 });
    await busy.release();
    const [b, a, c] = await Promise.all([background, automatic, command]);
    // Two instances free up at once, so the top two start together; background waits for one of them.
    expect(b?.queuedMs).toBeGreaterThan(Math.max(a?.queuedMs ?? 0, c?.queuedMs ?? 0));
    // (Both figures are rounded to whole milliseconds.)
    expect(b?.queuedMs).toBeGreaterThanOrEqual(Math.min(a?.durationMs ?? 0, c?.durationMs ?? 0) - 1);
  });

  it("fails a call that spends more than its run's token budget, and frees the instance", async () => {
    const budget = new RunBudget({ maxTokens: 40 });
    try {
      const error = await pool
        .complete(request({ jsonSchema: longSchema, maxTokens: 500, budget }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunBudgetExceededError);
      expect(error).toMatchObject({ resource: "tokens", limit: 40, retryable: false });
      expect(budget.spentTokens).toBeGreaterThan(40);
      expect(pool.members()[0]?.busy).toBe(0);
      // The budget is spent: later calls of the run fail before using an instance.
      await expect(pool.complete(request({ budget }))).rejects.toBeInstanceOf(RunBudgetExceededError);
    } finally {
      budget.dispose();
    }
  });

  it("fails a call that outlives its run's wall-time budget", async () => {
    const budget = new RunBudget({ maxWallMs: 100 });
    try {
      const error = await pool
        .complete(request({ jsonSchema: longSchema, maxTokens: 1800, budget }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunBudgetExceededError);
      expect(error).toMatchObject({ resource: "time", limit: 100 });
      expect(pool.members()[0]?.busy).toBe(0);
    } finally {
      budget.dispose();
    }
  });

  it("cancelling a run ends all its calls, running and waiting, and frees their instances at once", async () => {
    const budget = new RunBudget();
    const calls = Array.from({ length: 3 }, () =>
      pool.complete(request({ jsonSchema: longSchema, maxTokens: 1800, budget })).catch((e: unknown) => e),
    );
    await vi.waitFor(() => expect(pool.members()[0]).toMatchObject({ busy: 2, queued: 1 }), {
      timeout: 5000,
      interval: 5,
    });
    budget.cancel("superseded by a new push");
    const errors = await Promise.all(calls);
    for (const error of errors) expect(error).toBeInstanceOf(ModelCancelledError);
    expect(pool.members()[0]).toMatchObject({ busy: 0, queued: 0 });
    const after = await pool.complete(request());
    expect(after.generatedTokens).toBeGreaterThan(0);
    budget.dispose();
  });
});
