import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReviewAgent } from "../../../src/agents/index.ts";
import type { ReviewChunk } from "../../../src/domain/index.ts";
import { createLlamaPool, type ModelPool } from "../../../src/pool/index.ts";
import { storiesPoolConfig } from "../../helpers/stories-model.ts";

const logger = pino({ level: "silent" });

const chunk: ReviewChunk = {
  id: "chunk-1",
  estimatedTokens: 80,
  files: [
    {
      path: "src/math.ts",
      status: "modified",
      additions: 1,
      deletions: 1,
      patch:
        "@@ -1,3 +1,3 @@\n export function div(a: number, b: number) {\n-  return a / b;\n+  return a * b;\n }",
    },
    {
      path: "docs/notes.md",
      status: "added",
      additions: 1,
      deletions: 0,
      patch: "@@ -0,0 +1,1 @@\n+Division notes.",
    },
  ],
};

// The story model's opinions are meaningless; this proves prompt, grammar, budgets and parsing end to end.
describe("runReviewAgent on the real stories260K model", () => {
  let pool: ModelPool;

  beforeAll(async () => {
    const config = storiesPoolConfig({ instances: 2, contextSize: 2048, threads: 1 }, { demo: true });
    pool = await createLlamaPool(config, { logger });
  });

  afterAll(async () => {
    await pool.dispose();
  });

  it("returns ok reports whose findings all point into the chunk, for two reviewers at once", async () => {
    const reports = await Promise.all(
      [0, 1].map((reviewerIndex) =>
        runReviewAgent({
          pool,
          chunk,
          logger,
          task: {
            kind: "review",
            id: `t${reviewerIndex}`,
            chunkId: chunk.id,
            reviewer: `r${reviewerIndex}`,
            reviewerIndex,
            budget: { maxTokens: 400, timeoutMs: 45_000 },
          },
        }),
      ),
    );
    const paths = new Set(chunk.files.map((f) => f.path));
    for (const report of reports) {
      expect(report.status).toBe("ok");
      if (report.status !== "ok") continue;
      expect(report.agent.model).toBe("stories");
      for (const finding of report.findings) {
        expect(paths.has(finding.path)).toBe(true);
        expect(finding.line).toBeGreaterThanOrEqual(1);
      }
      expect(report.usage.promptTokens).toBeGreaterThan(100);
      expect(report.usage.generatedTokens).toBeGreaterThan(0);
      expect(report.usage.generatedTokens).toBeLessThanOrEqual(400);
    }
  });
});
