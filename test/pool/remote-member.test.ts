import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { poolConfigSchema } from "../../src/config/index.ts";
import {
  createLlamaPool,
  RemoteMemberError,
  type CompletionRequest,
  type JsonSchema,
  type LlamaPool,
} from "../../src/pool/index.ts";
import { storiesModelFile as modelFile } from "../helpers/stories-model.ts";

const logger = pino({ level: "silent" });

const findingSchema = {
  type: "object",
  properties: { findings: { type: "array", items: { type: "string", maxLength: 30 }, maxItems: 2 } },
} as const satisfies JsonSchema;

interface Received {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown>;
}

type Behaviour = (req: Received, res: ServerResponse) => void | Promise<void>;

/** A local OpenAI-compatible server whose answers each test scripts. */
class FakeOpenAiServer {
  readonly received: Received[] = [];
  behaviour: Behaviour = answer('{"findings": ["null check"]}');
  inFlight = 0;
  maxInFlight = 0;
  #server: Server | undefined;

  get url(): string {
    const { port } = this.#server?.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((done) => this.#server?.listen(0, "127.0.0.1", done));
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((done) => this.#server?.close(done));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received: Received = {
      url: req.url ?? "",
      authorization: req.headers.authorization,
      body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
    };
    this.received.push(received);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.behaviour(received, res);
    } finally {
      this.inFlight -= 1;
    }
  }
}

function answer(content: string, delayMs = 0): Behaviour {
  return async (req, res) => {
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const chat = req.url.endsWith("/chat/completions");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "cmpl-1",
        object: chat ? "chat.completion" : "text_completion",
        choices: [
          chat
            ? { index: 0, message: { role: "assistant", content }, finish_reason: "stop" }
            : { index: 0, text: content, finish_reason: "stop" },
        ],
        usage: { prompt_tokens: 120, completion_tokens: 9, prompt_tokens_details: { cached_tokens: 100 } },
      }),
    );
  };
}

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return {
    role: "review",
    prompt: "Review this change.",
    jsonSchema: findingSchema,
    maxTokens: 60,
    timeoutMs: 20_000,
    temperature: 0.3,
    seed: 7,
    ...overrides,
  };
}

describe("remote (OpenAI-compatible) members", () => {
  const server = new FakeOpenAiServer();
  let pool: LlamaPool;
  let downPool: LlamaPool;

  beforeAll(async () => {
    await server.start();
    process.env.QUORUM_TEST_REMOTE_KEY = "sk-test-123";
    pool = await createLlamaPool(
      poolConfigSchema.parse({
        models: [
          {
            name: "remote",
            endpoint: server.url,
            model: "qwen2.5-coder-7b",
            apiKeyEnv: "QUORUM_TEST_REMOTE_KEY",
            instances: 2,
            requestTimeoutMs: 300,
          },
          { name: "local", file: modelFile, instances: 2, contextSize: 1024, threads: 1 },
        ],
      }),
      // No cool-down here, so every test sees the remote member tried first.
      { logger, remoteCooldownMs: 0 },
    );
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    downPool = await createLlamaPool(
      poolConfigSchema.parse({
        models: [
          { name: "down", endpoint: "http://127.0.0.1:9/v1", model: "m", instances: 1 },
          { name: "local", file: modelFile, instances: 1, contextSize: 1024, threads: 1 },
        ],
      }),
      { logger, remoteCooldownMs: 60_000 },
    );
  });

  afterEach(() => {
    server.behaviour = answer('{"findings": ["null check"]}');
    server.received.length = 0;
    server.maxInFlight = 0;
  });

  afterAll(async () => {
    await pool.dispose();
    await downPool.dispose();
    await server.stop();
    delete process.env.QUORUM_TEST_REMOTE_KEY;
  });

  it("asks the endpoint with the schema as response_format and reports its usage", async () => {
    const result = await pool.complete(request());
    expect(result).toMatchObject({
      text: '{"findings": ["null check"]}',
      model: "remote",
      promptTokens: 120,
      reusedPromptTokens: 100,
      evaluatedPromptTokens: 20,
      generatedTokens: 9,
      stopReason: "eos",
    });
    const [sent] = server.received;
    expect(sent?.url).toBe("/v1/chat/completions");
    expect(sent?.authorization).toBe("Bearer sk-test-123");
    expect(sent?.body).toMatchObject({
      model: "qwen2.5-coder-7b",
      messages: [{ role: "user", content: "Review this change." }],
      max_tokens: 60,
      temperature: 0.3,
      seed: 7,
      response_format: { type: "json_schema", json_schema: { schema: findingSchema } },
    });
  });

  it("sends no more requests at once than its concurrency limit", async () => {
    server.behaviour = answer('{"findings": []}', 60);
    const results = await Promise.all(Array.from({ length: 5 }, () => pool.complete(request())));
    expect(results.filter((r) => r.model === "remote").length).toBeGreaterThanOrEqual(2);
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
    expect(server.maxInFlight).toBeGreaterThan(0);
  });

  it("falls back to a local model when the answer is not JSON", async () => {
    server.behaviour = answer("Sure! Here are my findings: none.");
    const result = await pool.complete(request());
    expect(result.model).toBe("local");
    expect(JSON.parse(result.text)).toHaveProperty("findings");
    expect(server.received).toHaveLength(1);
  });

  it("falls back when the JSON does not match the schema", async () => {
    server.behaviour = answer('{"findings": "none"}');
    const result = await pool.complete(request());
    expect(result.model).toBe("local");
  });

  it("falls back when the endpoint is too slow", async () => {
    server.behaviour = answer('{"findings": []}', 2000);
    const started = performance.now();
    const result = await pool.complete(request());
    expect(result.model).toBe("local");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("falls back on a server error", async () => {
    server.behaviour = (_req, res) => {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("model is loading");
    };
    const result = await pool.complete(request());
    expect(result.model).toBe("local");
    const remote = pool.metrics().members.find((m) => m.name === "remote");
    expect(remote?.fallbacks).toBeGreaterThanOrEqual(1);
    expect(remote?.failures).toBeGreaterThanOrEqual(remote?.fallbacks ?? 0);
  });

  it("uses /completions with the raw prompt when the pool file says api: completions", async () => {
    const completions = await createLlamaPool(
      poolConfigSchema.parse({
        models: [{ name: "raw", endpoint: server.url, model: "m", api: "completions", instances: 1 }],
      }),
      { logger },
    );
    try {
      const result = await completions.complete(request());
      expect(result.model).toBe("raw");
      expect(server.received[0]?.url).toBe("/v1/completions");
      expect(server.received[0]?.body).toMatchObject({ prompt: "Review this change." });
      expect(server.received[0]?.authorization).toBeUndefined();
    } finally {
      await completions.dispose();
    }
  });

  it("reports a typed, retryable error when no local model can take over", async () => {
    const alone = await createLlamaPool(
      poolConfigSchema.parse({
        models: [{ name: "alone", endpoint: server.url, model: "m", instances: 1 }],
      }),
      { logger },
    );
    try {
      server.behaviour = answer("not json at all");
      const error = await alone.complete(request()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RemoteMemberError);
      expect(error).toMatchObject({ kind: "invalid-output", retryable: true, model: "alone" });
    } finally {
      await alone.dispose();
    }
  });

  it("falls back when the endpoint is down, then avoids it while it cools down", async () => {
    const first = await downPool.complete(request());
    expect(first.model).toBe("local");
    const second = await downPool.complete(request());
    expect(second.model).toBe("local");
    const down = downPool.metrics().members.find((m) => m.name === "down");
    // Only the first call tried the dead endpoint.
    expect(down).toMatchObject({ calls: 1, failures: 1, fallbacks: 1 });
  });
});
