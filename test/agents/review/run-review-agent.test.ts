import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { reviewSampling, runReviewAgent } from "../../../src/agents/index.ts";
import type { ReviewChunk, ReviewTask } from "../../../src/domain/index.ts";
import {
  createScriptedPool,
  ModelCancelledError,
  ModelGenerationError,
  ModelLoadError,
  type ScriptedResponder,
} from "../../../src/pool/index.ts";

const logger = pino({ level: "silent" });

const chunk: ReviewChunk = {
  id: "chunk-1",
  estimatedTokens: 50,
  files: [
    {
      path: "src/math.ts",
      status: "modified",
      additions: 1,
      deletions: 1,
      patch:
        "@@ -1,3 +1,3 @@\n export function div(a: number, b: number) {\n-  return a / b;\n+  return a * b;\n }",
    },
  ],
};

function task(reviewerIndex = 0, budget = { maxTokens: 256, timeoutMs: 5000 }): ReviewTask {
  return {
    kind: "review",
    id: `t${reviewerIndex}`,
    chunkId: chunk.id,
    reviewer: `r${reviewerIndex}`,
    reviewerIndex,
    budget,
  };
}

const finding = {
  path: "src/math.ts",
  line: 2,
  message: "div multiplies instead of dividing",
  category: "bug",
  severity: "critical",
  confidence: 0.9,
};
const valid = JSON.stringify({ findings: [finding] });

function scripted(...answers: (string | Error)[]): ReturnType<typeof createScriptedPool> {
  const responder: ScriptedResponder = (_request, index) => {
    const answer = answers[Math.min(index, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer ?? "";
  };
  return createScriptedPool(responder, { model: "fake-coder", weight: 2 });
}

describe("runReviewAgent with a scripted pool", () => {
  it("asks the pool with the run's scheduling class and tenant, automatic by default", async () => {
    const pool = scripted(valid);
    await runReviewAgent({ pool, chunk, task: task(), logger, priority: "command", tenant: "octo/app" });
    await runReviewAgent({ pool, chunk, task: task(), logger });
    expect(pool.requests.map((r) => [r.priority, r.tenant])).toEqual([
      ["command", "octo/app"],
      ["automatic", undefined],
    ]);
  });

  it("turns valid output into findings, with the model's identity and usage", async () => {
    const pool = scripted(valid);
    const report = await runReviewAgent({ pool, chunk, task: task(), logger });
    expect(report).toMatchObject({
      status: "ok",
      agent: { reviewer: "r0", model: "fake-coder", weight: 2 },
      chunkId: "chunk-1",
      findings: [finding],
    });
    expect(report.usage.promptTokens).toBeGreaterThan(0);
    expect(report.usage.generatedTokens).toBeGreaterThan(0);
    const request = pool.requests[0]!;
    expect(request).toMatchObject({ role: "review", maxTokens: 256 });
    expect(request.prompt).toContain("BEGIN UNTRUSTED DATA");
    expect(request.jsonSchema).toMatchObject({
      properties: { findings: { items: { properties: { path: { enum: ["src/math.ts"] } } } } },
    });
  });

  it("retries once after garbage and succeeds, sampling differently the second time", async () => {
    const pool = scripted('{"findings": [{"path": "src/ma', valid);
    const report = await runReviewAgent({ pool, chunk, task: task(), logger });
    expect(report.status).toBe("ok");
    expect(pool.requests).toHaveLength(2);
    const [first, second] = pool.requests;
    expect(second!.temperature).toBeGreaterThan(first!.temperature!);
    expect(second!.seed).not.toBe(first!.seed);
    expect(report.usage.generatedTokens).toBeGreaterThan(Math.ceil(valid.length / 4));
  });

  it("reports failure with a reason after two unusable answers", async () => {
    const pool = scripted("Once upon a time there was a bug.", '{"findings": [{"severity": "huge"}]}');
    const report = await runReviewAgent({ pool, chunk, task: task(), logger });
    expect(report.status).toBe("failed");
    expect(pool.requests).toHaveLength(2);
    if (report.status !== "failed") throw new Error("expected a failed report");
    expect(report.reason).toMatch(/^no valid output after 2 attempts: output does not match the schema/);
    expect(report.agent).toEqual({ reviewer: "r0", model: "fake-coder", weight: 2 });
  });

  it("says when the output is not JSON", async () => {
    const pool = scripted("not json");
    const report = await runReviewAgent({ pool, chunk, task: task(), logger });
    expect(report).toMatchObject({
      status: "failed",
      reason: "no valid output after 2 attempts: output is not JSON",
    });
  });

  it("says when the output was cut off at the token cap", async () => {
    const pool = scripted(valid);
    const report = await runReviewAgent({
      pool,
      chunk,
      task: task(0, { maxTokens: 10, timeoutMs: 5000 }),
      logger,
    });
    expect(report).toMatchObject({
      status: "failed",
      reason: "no valid output after 2 attempts: output is not JSON (cut off at the token cap)",
    });
    expect(report.usage.generatedTokens).toBe(20);
  });

  it("drops findings on unknown paths, impossible lines and empty messages, and cleans messages", async () => {
    const pool = scripted(
      JSON.stringify({
        findings: [
          finding,
          { ...finding, path: "src/elsewhere.ts" },
          { ...finding, line: 0 },
          { ...finding, message: "<!-- only hidden -->\u200B" },
          { ...finding, line: 3, message: "leaks\u200B a <!-- secret -->handle" },
        ],
      }),
    );
    const report = await runReviewAgent({ pool, chunk, task: task(), logger });
    expect(report.status).toBe("ok");
    if (report.status !== "ok") throw new Error("expected an ok report");
    expect(report.findings).toEqual([finding, { ...finding, line: 3, message: "leaks a handle" }]);
  });

  it("returns looks-correct judgements as clearances, dropping unusable ones and any on a flagged line", async () => {
    const judgement = { path: "src/math.ts", line: 1, reason: "the signature is unchanged" };
    const pool = scripted(
      JSON.stringify({
        findings: [finding],
        looksCorrect: [
          judgement,
          { ...judgement, line: 2, reason: "multiplication is intended" },
          { ...judgement, path: "src/other.ts", line: 0 },
          { ...judgement, line: 3, reason: "<!-- nothing visible -->" },
        ],
      }),
    );
    const report = await runReviewAgent({ pool, chunk, task: task(), logger });
    if (report.status !== "ok") throw new Error("expected an ok report");
    expect(report.findings).toEqual([finding]);
    expect(report.clearances).toEqual([judgement]);
  });

  it("accepts an answer without looks-correct judgements", async () => {
    const report = await runReviewAgent({ pool: scripted(valid), chunk, task: task(), logger });
    expect(report).toMatchObject({ status: "ok", findings: [finding], clearances: [] });
  });

  it("retries after a transient pool failure", async () => {
    const pool = scripted(new ModelGenerationError("llama hiccup", { model: "fake-coder" }), valid);
    const report = await runReviewAgent({ pool, chunk, task: task(), logger });
    expect(report.status).toBe("ok");
    expect(pool.requests).toHaveLength(2);
  });

  it("reports a timeout as a failure without retrying", async () => {
    const pool = createScriptedPool(() => new Promise<string>((r) => setTimeout(() => r(valid), 300)), {
      model: "slow",
    });
    const report = await runReviewAgent({
      pool,
      chunk,
      task: task(0, { maxTokens: 256, timeoutMs: 40 }),
      logger,
    });
    expect(report).toMatchObject({
      status: "failed",
      reason: "timed out after 40 ms",
      agent: { model: "slow" },
    });
    expect(pool.requests).toHaveLength(1);
  });

  it("rethrows cancellation", async () => {
    const pool = createScriptedPool(() => new Promise<string>((r) => setTimeout(() => r(valid), 300)));
    const controller = new AbortController();
    const run = runReviewAgent({ pool, chunk, task: task(), logger, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(run).rejects.toBeInstanceOf(ModelCancelledError);
  });

  it("rethrows unrecoverable pool errors", async () => {
    const pool = scripted(new ModelLoadError("gone", { file: "/m.gguf", model: "fake-coder" }));
    await expect(runReviewAgent({ pool, chunk, task: task(), logger })).rejects.toBeInstanceOf(
      ModelLoadError,
    );
    expect(pool.requests).toHaveLength(1);
  });

  it("returns an empty ok report for a chunk without files, without calling the model", async () => {
    const pool = scripted(valid);
    const report = await runReviewAgent({ pool, chunk: { ...chunk, files: [] }, task: task(), logger });
    expect(report).toMatchObject({ status: "ok", findings: [], agent: { model: "fake-coder" } });
    expect(pool.requests).toHaveLength(0);
  });

  it("samples each reviewer slot differently", async () => {
    const pool = scripted(valid);
    await Promise.all([0, 1, 2].map((i) => runReviewAgent({ pool, chunk, task: task(i), logger })));
    const samplings = pool.requests.map((r) => `${r.temperature}/${r.seed}`);
    expect(new Set(samplings).size).toBe(3);
    expect(reviewSampling(0, 0)).not.toEqual(reviewSampling(1, 0));
    expect(reviewSampling(5, 1).temperature).toBeLessThanOrEqual(1);
  });
});
