import { describe, expect, it } from "vitest";
import { describePoolMetrics, renderPrometheusText } from "../../src/metrics/index.ts";
import { createScriptedPool, queueWaitBuckets, type ModelPool } from "../../src/pool/index.ts";

const sampleLine =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (\S+)$/;

function request(prompt: string) {
  return {
    role: "review" as const,
    prompt,
    jsonSchema: { type: "object", properties: {} } as const,
    maxTokens: 50,
    timeoutMs: 1000,
  };
}

function renderPool(pool: ModelPool): string {
  return renderPrometheusText(describePoolMetrics(pool.metrics()));
}

describe("describePoolMetrics", () => {
  it("renders the pool's counters in the text exposition format, one series per member", async () => {
    const pool = createScriptedPool(() => '{"findings": []}', { model: 'odd "name" \\ here' });
    await pool.complete(request("a".repeat(400)));
    await pool.complete(request("b".repeat(40)));
    const text = renderPool(pool);
    await pool.dispose();

    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n");
    const declared = new Map<string, string>();
    for (const line of lines) {
      if (line.startsWith("# TYPE ")) {
        const [, , name, type] = line.split(" ");
        declared.set(name ?? "", type ?? "");
        continue;
      }
      if (line.startsWith("# HELP ")) continue;
      const match = sampleLine.exec(line);
      expect(match, line).not.toBeNull();
      const name = match?.[1] ?? "";
      const family = name.replace(/_(bucket|sum|count)$/, "");
      expect(declared.has(name) || declared.get(family) === "histogram", name).toBe(true);
      const value = match?.[3] ?? "";
      expect(Number.isFinite(Number(value)) || ["+Inf", "-Inf", "NaN"].includes(value), line).toBe(true);
    }

    const label = 'model="odd \\"name\\" \\\\ here",backend="scripted"';
    // The scripted pool counts 4 characters per token: 100 + 10 prompt tokens.
    expect(lines).toContain(`quorum_pool_calls_total{${label}} 2`);
    expect(lines).toContain(`quorum_pool_prompt_tokens_total{${label}} 110`);
    expect(lines).toContain(`quorum_pool_evaluated_prompt_tokens_total{${label}} 110`);
    expect(declared.get("quorum_pool_calls_total")).toBe("counter");
    expect(declared.get("quorum_pool_queue_wait_seconds")).toBe("histogram");
  });

  it("renders the queue-wait histogram with cumulative buckets ending in +Inf = count", async () => {
    const pool = createScriptedPool(() => "{}", { model: "m" });
    await Promise.all([
      pool.complete(request("x")),
      pool.complete(request("y")),
      pool.complete(request("z")),
    ]);
    const text = renderPool(pool);
    await pool.dispose();
    const buckets = text
      .split("\n")
      .filter((l) => l.startsWith("quorum_pool_queue_wait_seconds_bucket"))
      .map((l) => Number(l.split(" ").at(-1)));
    expect(buckets).toHaveLength(queueWaitBuckets.length + 1);
    for (let i = 1; i < buckets.length; i += 1)
      expect(buckets[i]).toBeGreaterThanOrEqual(buckets[i - 1] ?? 0);
    expect(buckets.at(-1)).toBe(3);
    expect(text).toContain('quorum_pool_queue_wait_seconds_count{model="m",backend="scripted"} 3');
  });
});
