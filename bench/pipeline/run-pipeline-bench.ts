import os from "node:os";
import { readFileSync } from "node:fs";
import { pino } from "pino";
import { parseRepoConfig } from "../../src/config/index.ts";
import { parseUnifiedDiff } from "../../src/diff/index.ts";
import { runLocalReview } from "../../src/pipeline/index.ts";
import { createLlamaPool, loadPoolConfig } from "../../src/pool/index.ts";

/**
 * How long the review pipeline takes on the fixture pull request with the bundled model, for 1
 * and for 3 reviewers per chunk (3 instances of one loaded model, decoding together). Run with
 * `npm run bench`; prints a table and one JSON line.
 */
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const files = parseUnifiedDiff(readFileSync("fixtures/pull-requests/cart-discount/pull.diff", "utf8"));
const logger = pino({ level: "silent" });
const poolConfig = await loadPoolConfig(process.env.QUORUM_POOL ?? "models/pool.yml");
const pool = await createLlamaPool(poolConfig, { logger });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function measure(
  reviewers: number,
): Promise<{ ms: number; promptTokens: number; generatedTokens: number }> {
  const config = parseRepoConfig({ review: { reviewers } });
  const times: number[] = [];
  let usage = { promptTokens: 0, generatedTokens: 0 };
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const result = await runLocalReview({ change: { files, config }, pool, logger });
    times.push(performance.now() - started);
    usage = result.review.usage;
  }
  return { ms: median(times), promptTokens: usage.promptTokens, generatedTokens: usage.generatedTokens };
}

await measure(1); // warm-up: grammars compiled, pages touched
const one = await measure(1);
const three = await measure(3);
await pool.dispose();

const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? "unknown",
  ramGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadavg: os.loadavg().map((l) => Number(l.toFixed(2))),
  model: poolConfig.models.map((m) => m.name).join(","),
};
console.log(`machine: ${JSON.stringify(machine)}`);
console.log("reviewers | median ms | prompt tokens | generated tokens");
console.log(`1         | ${one.ms.toFixed(0).padStart(9)} | ${one.promptTokens} | ${one.generatedTokens}`);
console.log(
  `3         | ${three.ms.toFixed(0).padStart(9)} | ${three.promptTokens} | ${three.generatedTokens}`,
);
console.log(`3 reviewers cost ${(three.ms / one.ms).toFixed(2)}× the time of 1 (3× the work)`);
console.log(
  JSON.stringify({
    bench: "pipeline",
    machine,
    repeats,
    oneReviewer: one,
    threeReviewers: three,
    ratio: three.ms / one.ms,
  }),
);
