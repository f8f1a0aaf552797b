import { getLlama, type Llama, type LlamaModel } from "node-llama-cpp";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createLlamaPool,
  type CompletionRequest,
  type JsonSchema,
  type LeasePolicy,
  type LlamaPool,
} from "../../src/pool/index.ts";
import { storiesModelFile as modelFile, storiesPoolConfig } from "../helpers/stories-model.ts";

const logger = pino({ level: "silent" });
const instances = 3;

const storySchema = {
  type: "object",
  properties: { story: { type: "string", maxLength: 60 } },
} as const satisfies JsonSchema;

/** Shared instructions long enough that reusing them is worth a lease decision (≥ 16 tokens). */
const instructions = [
  "Once upon a time there was a little girl named Lily. She loved to play outside in the park.",
  "One day she saw a big red ball under a tree. She wanted to play with it, so she ran to it.",
  "Her mom said: be careful, Lily. The ball belongs to the boy next door, so ask him first.",
].join("\n");

function request(prompt: string, overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return {
    role: "review",
    prompt,
    jsonSchema: storySchema,
    maxTokens: 60,
    timeoutMs: 30_000,
    ...overrides,
  };
}

async function openPool(policy: LeasePolicy): Promise<LlamaPool> {
  return createLlamaPool(storiesPoolConfig({ instances, contextSize: 1024, threads: 1 }), {
    logger,
    leasePolicy: policy,
  });
}

describe("prefix-affine leasing with stories260K", () => {
  let pool: LlamaPool;
  let llama: Llama;
  let vocabulary: LlamaModel;

  beforeAll(async () => {
    pool = await openPool("prefix-affine");
    llama = await getLlama({ gpu: false, build: "never" });
    vocabulary = await llama.loadModel({ modelPath: modelFile, vocabOnly: true });
  });

  afterAll(async () => {
    await pool.dispose();
    await vocabulary.dispose();
    await llama.dispose();
  });

  /** Tokens two prompts share from the start, BOS included: what a cache can hold for both. */
  function sharedTokens(a: string, b: string): number {
    const left = vocabulary.tokenize(a, false, "trimLeadingSpace");
    const right = vocabulary.tokenize(b, false, "trimLeadingSpace");
    let i = 0;
    while (i < left.length && i < right.length && left[i] === right[i]) i += 1;
    return i + 1;
  }

  it("sends a call to the instance caching its prefix and evaluates only the rest", async () => {
    const first = await pool.complete(request(`${instructions}\nThe boy said: yes, Lily`));
    // Two unrelated prompts fill the other instances, so the choice is among three warm caches.
    const others = [
      await pool.complete(request("Tom had a big dog called Max. Max liked to run and jump all day long.")),
      await pool.complete(request("The sun was hot. A little bird sat on a branch and sang a happy song.")),
    ];
    expect(new Set([first.instance, ...others.map((o) => o.instance)]).size).toBe(instances);

    const prompt = `${instructions}\nThe boy was sad, so Lily`;
    const second = await pool.complete(request(prompt));
    expect(second.instance).toBe(first.instance);
    const expected = sharedTokens(`${instructions}\nThe boy said: yes, Lily`, prompt);
    expect(expected).toBeGreaterThan(50);
    expect(second.reusedPromptTokens).toBe(expected);
    expect(second.evaluatedPromptTokens).toBe(second.promptTokens - expected);
    expect(second.promptTokens).toBe(vocabulary.tokenize(prompt, false, "trimLeadingSpace").length + 1);
  });

  it("evaluates one token when the whole prompt is cached (generation needs its logits)", async () => {
    const prompt = `${instructions}\nLily smiled and`;
    const first = await pool.complete(request(prompt));
    const warm = await pool.complete(request(prompt));
    expect(warm.instance).toBe(first.instance);
    expect(warm.reusedPromptTokens).toBe(warm.promptTokens - 1);
    expect(warm.evaluatedPromptTokens).toBe(1);
  });

  it("gives the same greedy answer from a reused prefix as from a cold instance (isolation)", async () => {
    const fresh = await openPool("prefix-affine");
    try {
      const prompt = `${instructions}\nThe boy gave Lily the ball and`;
      const cold = await fresh.complete(request(prompt));
      expect(cold.reusedPromptTokens).toBe(0);
      // Another call on the same instance leaves different text after the shared prefix...
      const between = await fresh.complete(request(`${instructions}\nA cat came and took the ball away`));
      expect(between.instance).toBe(cold.instance);
      // ...and none of it may reach the next call, which reuses only the shared prefix.
      const reused = await fresh.complete(request(prompt));
      expect(reused.instance).toBe(cold.instance);
      expect(reused.reusedPromptTokens).toBe(
        sharedTokens(prompt, `${instructions}\nA cat came and took the ball away`),
      );
      expect(reused.reusedPromptTokens).toBeLessThan(reused.promptTokens - 1);
      expect(reused.text).toBe(cold.text);
      expect(reused.generatedTokens).toBe(cold.generatedTokens);
    } finally {
      await fresh.dispose();
    }
  });

  it("never lets a short prompt see the longer text an instance holds", async () => {
    // The cached text starts with this prompt; the answer must be the one to the short prompt alone.
    const short = "Once upon a time there was a little girl named Lily. She";
    const fresh = await openPool("prefix-affine");
    try {
      const cold = await fresh.complete(request(short));
      await fresh.complete(request(`${short} had a secret box full of gold coins under her bed`));
      const again = await fresh.complete(request(short));
      expect(again.reusedPromptTokens).toBe(again.promptTokens - 1);
      expect(again.text).toBe(cold.text);
    } finally {
      await fresh.dispose();
    }
  });

  it("evaluates a long prefix once for calls that start together, and copies it to their instances", async () => {
    const prompts = ["The boy said: yes, Lily", "The boy ran away with it", "Lily cried and went home"].map(
      (suffix) => `${instructions}\n${suffix}`,
    );
    // Reference answers: one call at a time, each on a cold instance of its own.
    const reference = await openPool("round-robin");
    const cold = [];
    try {
      for (const prompt of prompts) cold.push(await reference.complete(request(prompt)));
    } finally {
      await reference.dispose();
    }
    expect(cold.every((r) => r.reusedPromptTokens === 0)).toBe(true);

    const fresh = await openPool("prefix-affine");
    try {
      const together = await Promise.all(prompts.map((prompt) => fresh.complete(request(prompt))));
      expect(new Set(together.map((r) => r.instance)).size).toBe(instances);
      // One instance evaluated the shared instructions; the other two copied them.
      const byReuse = [...together].sort((a, b) => a.reusedPromptTokens - b.reusedPromptTokens);
      expect(byReuse[0]?.reusedPromptTokens).toBe(0);
      // What any two of the prompts share, BOS included, minus the token always evaluated.
      const common = Math.min(
        ...prompts.flatMap((a, i) => prompts.slice(i + 1).map((b) => sharedTokens(a, b))),
      );
      for (const copier of byReuse.slice(1)) {
        expect(copier.reusedPromptTokens).toBeGreaterThanOrEqual(common - 1);
        expect(copier.evaluatedPromptTokens).toBeLessThan(20);
      }
      // Copied caches hold another call's prompt after the shared part: none of it may leak.
      expect(together.map((r) => r.text)).toEqual(cold.map((r) => r.text));
    } finally {
      await fresh.dispose();
    }
  });

  it("reports reuse in the metrics", () => {
    const [member] = pool.metrics().members;
    expect(member?.reusedPromptTokens).toBeGreaterThan(0);
    expect(member?.evaluatedPromptTokens).toBe(
      (member?.promptTokens ?? 0) - (member?.reusedPromptTokens ?? 0),
    );
    expect(member?.reusedPromptRatio).toBeGreaterThan(0);
    expect(member?.reusedPromptRatio).toBeLessThan(1);
  });
});

describe("round-robin leasing (the baseline)", () => {
  it("ignores the cache and rotates through the instances", async () => {
    const pool = await openPool("round-robin");
    try {
      const prompt = `${instructions}\nThe boy said: yes, Lily`;
      const served = [];
      for (let i = 0; i < instances + 1; i += 1) served.push(await pool.complete(request(prompt)));
      expect(new Set(served.slice(0, instances).map((r) => r.instance)).size).toBe(instances);
      expect(served[instances]?.instance).toBe(served[0]?.instance);
      expect(served.slice(1, instances).every((r) => r.reusedPromptTokens === 0)).toBe(true);
    } finally {
      await pool.dispose();
    }
  });
});
