import { describe, expect, it } from "vitest";
import {
  createScriptedPool,
  ModelCancelledError,
  ModelTimeoutError,
  NoModelForRoleError,
  PoolDisposedError,
  type CompletionRequest,
} from "../../src/pool/index.ts";

const base: CompletionRequest = {
  role: "review",
  prompt: "review this",
  jsonSchema: { type: "object", properties: { findings: { type: "array", items: { type: "string" } } } },
  maxTokens: 100,
  timeoutMs: 1000,
};

describe("createScriptedPool", () => {
  it("returns the responder's text with the member's identity and records requests", async () => {
    const pool = createScriptedPool((request, index) => `${request.prompt} #${index}`, {
      model: "fake",
      weight: 2,
    });
    const first = await pool.complete(base);
    const second = await pool.complete({ ...base, prompt: "again" });
    expect(first).toMatchObject({
      text: "review this #0",
      model: "fake",
      weight: 2,
      instance: "fake#0",
      stopReason: "eos",
    });
    expect(second.text).toBe("again #1");
    expect(pool.requests.map((r) => r.prompt)).toEqual(["review this", "again"]);
    expect(pool.members()[0]).toMatchObject({ name: "fake", backend: "scripted", weight: 2, busy: 0 });
  });

  it("cuts an answer longer than maxTokens off, as a model would", async () => {
    const pool = createScriptedPool(() => "x".repeat(100));
    const result = await pool.complete({ ...base, maxTokens: 5 });
    expect(result).toMatchObject({ text: "x".repeat(20), generatedTokens: 5, stopReason: "maxTokens" });
  });

  it("times out a slow responder with ModelTimeoutError", async () => {
    const pool = createScriptedPool(() => new Promise((r) => setTimeout(() => r("late"), 500)));
    await expect(pool.complete({ ...base, timeoutMs: 20 })).rejects.toBeInstanceOf(ModelTimeoutError);
  });

  it("cancels through the caller's signal", async () => {
    const pool = createScriptedPool(() => new Promise((r) => setTimeout(() => r("late"), 500)));
    const controller = new AbortController();
    const call = pool.complete({ ...base, signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(ModelCancelledError);
  });

  it("routes by role and refuses after dispose", async () => {
    const pool = createScriptedPool(() => "{}", { roles: ["review"] });
    await expect(pool.complete({ ...base, role: "fix" })).rejects.toBeInstanceOf(NoModelForRoleError);
    await pool.dispose();
    await expect(pool.complete(base)).rejects.toBeInstanceOf(PoolDisposedError);
  });
});
