import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPoolCommand } from "../../src/cli/run-pool-command.ts";
import { PoolPlanError, type PoolPlanReport } from "../../src/pool/index.ts";
import { captureStdout } from "../helpers/capture-stdout.ts";
import { storiesModelFile as modelFile } from "../helpers/stories-model.ts";

const logger = pino({ level: "silent" });

describe("quorum pool (runPoolCommand)", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "quorum-pool-command-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints the plan: models, instances, memory per instance, threads and GPU layers", async () => {
    const text = await captureStdout(() => runPoolCommand({ pool: "models/pool.yml", json: false }, logger));
    const row = text.split("\n").find((line) => line.startsWith("stories260k"));
    expect(row).toBeDefined();
    expect(row?.split(/\s{2,}/)).toEqual([
      "stories260k",
      "llama",
      "F32",
      "review",
      "3",
      "2048",
      expect.stringMatching(/^[\d.]+ MiB$/),
      expect.stringMatching(/^[\d.]+ MiB$/),
      expect.stringMatching(/^[\d.]+ MiB$/),
      expect.stringMatching(/^[\d.]+ MiB$/),
      "0 B",
      "1 (pool file)",
      // Measured: on a CPU, flash attention slows this model's prompt evaluation down.
      expect.stringMatching(/^(on|off)$/),
      "0/6",
    ]);
    expect(text).toMatch(/^Machine: \d+ cores, [\d.]+ GiB RAM/);
    expect(text).toMatch(
      /Prompt evaluation for stories260k, measured: flash attention off → \d+ tokens\/s, on → \d+ tokens\/s/,
    );
    expect(text).toContain("Demo pool");
  });

  it("prints JSON with measured threads for auto models and the endpoint members", async () => {
    const file = join(dir, "auto.yml");
    await writeFile(
      file,
      [
        "models:",
        "  - name: auto",
        `    file: ${modelFile}`,
        "    instances: auto",
        "  - name: remote",
        "    endpoint: http://127.0.0.1:9/v1",
        "    model: coder",
        "",
      ].join("\n"),
    );
    const report = JSON.parse(
      await captureStdout(() => runPoolCommand({ pool: file, json: true }, logger)),
    ) as PoolPlanReport;
    const [auto] = report.local;
    expect(auto).toMatchObject({ name: "auto", instances: 8, threadsSource: "calibrated" });
    expect(auto?.threadRates?.[auto.threads]).toBeGreaterThan(0);
    expect(report.remote).toEqual([
      {
        name: "remote",
        endpoint: "http://127.0.0.1:9/v1",
        model: "coder",
        api: "chat",
        roles: ["review"],
        weight: 1,
        concurrency: 3,
      },
    ]);
  });

  it("refuses a pool that does not fit, with the numbers", async () => {
    const file = join(dir, "greedy.yml");
    await writeFile(
      file,
      `reserveMemoryMb: 1048576\nmodels:\n  - name: greedy\n    file: ${modelFile}\n    instances: 64\n    threads: 1\n`,
    );
    const error = await runPoolCommand({ pool: file, json: false }, logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolPlanError);
    expect((error as Error).message).toMatch(/model "greedy" needs [\d.]+ MiB of RAM .* 1\.0 TiB reserve/);
  });
});
