import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { EvalArgsError, parseEvalArgs } from "../../src/eval/index.ts";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

describe("npm run eval", () => {
  it("prints the scripted table and one JSON line, and exits 0 when fusion beats single agents", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "src/eval/main.ts", "--seeds", "1-3"],
      { cwd: root, timeout: 120_000 },
    );
    expect(stdout).toContain("5 honest agents · quorum majority");
    expect(stdout).toMatch(/fused\s+agreed\s+\d\.\d\d/);
    const json = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(json).toMatchObject({ mode: "scripted", seeds: [1, 2, 3], fusedBeatsSingle: true });
    expect(json.scenarios[0].agents).toHaveLength(5);
  });

  it("explains bad flags with exit code 2", async () => {
    await expect(
      run(process.execPath, ["--import", "tsx", "src/eval/main.ts", "--live"], {
        cwd: root,
        timeout: 60_000,
        env: { ...process.env, QUORUM_POOL: "" },
      }),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--live needs --pool FILE") });
  });
});

describe("parseEvalArgs", () => {
  it("reads seeds as a list or a range, and live options", () => {
    expect(parseEvalArgs([], {}).seeds).toHaveLength(10);
    expect(parseEvalArgs(["--seeds", "3,5"], {}).seeds).toEqual([3, 5]);
    expect(parseEvalArgs(["--seeds", "2-4"], {}).seeds).toEqual([2, 3, 4]);
    expect(
      parseEvalArgs(["--live", "--pool", "p.yml", "--reviewers", "2", "--quorum", "2"], {}),
    ).toMatchObject({
      live: true,
      pool: "p.yml",
      reviewers: 2,
      quorum: 2,
    });
    expect(parseEvalArgs(["--live"], { QUORUM_POOL: "env.yml" }).pool).toBe("env.yml");
  });

  it("rejects nonsense with an EvalArgsError", () => {
    expect(() => parseEvalArgs(["--seeds", "x"], {})).toThrow(EvalArgsError);
    expect(() => parseEvalArgs(["--quorum", "most"], {})).toThrow(EvalArgsError);
    expect(() => parseEvalArgs(["--bogus"], {})).toThrow(EvalArgsError);
    expect(() => parseEvalArgs(["--live"], {})).toThrow(EvalArgsError);
  });
});
