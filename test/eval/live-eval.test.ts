import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEvalSet, runLiveEval, type EvalCase } from "../../src/eval/index.ts";
import { createLlamaPool, createScriptedPool, type ModelPool } from "../../src/pool/index.ts";
import { storiesPoolConfig } from "../helpers/stories-model.ts";

const logger = pino({ level: "silent" });
const cases = await loadEvalSet();
const pick = (...names: string[]): EvalCase[] => cases.filter((c) => names.includes(c.name));

describe("live evaluation", () => {
  it("scores each reviewer slot and the fused review from the pool's answers", async () => {
    // A pool that always names the cart's real defect, plus one invention on odd calls.
    const [cart] = pick("ts-cart-total");
    const defect = cart!.defects[0]!;
    const pool = createScriptedPool((_request, call) =>
      JSON.stringify({
        findings: [
          {
            path: defect.file,
            line: defect.line,
            message: "Loop reads past the end of items",
            category: "bug",
            severity: "major",
            confidence: 0.9,
          },
          ...(call % 2 === 1
            ? [
                {
                  path: defect.file,
                  line: 2,
                  message: "Name should be readonly",
                  category: "style",
                  severity: "minor",
                  confidence: 0.5,
                },
              ]
            : []),
        ],
        looksCorrect: [],
      }),
    );
    const result = await runLiveEval({ cases: [cart!], pool, logger, plan: { reviewers: 3 } });
    expect(result.tasks).toBe(3);
    expect(result.failedTasks).toBe(0);
    expect(result.fused).toMatchObject({ truePositives: 1, falsePositives: 0, precision: 1, recall: 1 });
    expect(result.agents.map((a) => a.scores.truePositives)).toEqual([1, 1, 1]);
    expect(result.agents.map((a) => a.scores.falsePositives)).toEqual([0, 1, 0]);
  });
});

// The story model's reviews mean nothing: this only proves the plumbing runs end to end on real inference.
describe("live evaluation on the real stories260K model", () => {
  let pool: ModelPool;

  beforeAll(async () => {
    const config = storiesPoolConfig({ instances: 2, contextSize: 2048, threads: 1 }, { demo: true });
    pool = await createLlamaPool(config, { logger });
  }, 120_000);

  afterAll(async () => {
    await pool.dispose();
  });

  it("runs a clean and a buggy case through planning, agents and fusion", async () => {
    const done: string[] = [];
    const result = await runLiveEval({
      cases: pick("clean-go-sum", "go-last-item"),
      pool,
      logger,
      plan: { reviewers: 2, taskBudget: { maxTokens: 256, timeoutMs: 90_000 } },
      onCase: (_done, _total, name) => done.push(name),
    });
    expect(done).toEqual(["clean-go-sum", "go-last-item"]);
    expect(result.tasks).toBe(4);
    expect(result.agents.map((a) => a.reviewer)).toEqual(["r1", "r2"]);
    expect(result.usage.generatedTokens).toBeGreaterThan(0);
    for (const scores of [result.fused, ...result.agents.map((a) => a.scores)]) {
      expect(scores.truePositives + scores.falseNegatives).toBe(1);
    }
  }, 240_000);
});
