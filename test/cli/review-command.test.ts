import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await run("git", args, { cwd })).stdout;
}

/** A throwaway repository with a base commit and a head commit, made with the machine's git. */
async function createRepository(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "quorum-cli-"));
  await git(dir, "init", "--quiet", "--initial-branch=main");
  await git(dir, "config", "user.name", "Quorum Test");
  await git(dir, "config", "user.email", "test@quorum.invalid");
  await git(dir, "config", "commit.gpgsign", "false");
  await mkdir(path.join(dir, "src"));
  await writeFile(path.join(dir, "src/sum.js"), "export function sum(a, b) {\n  return a + b;\n}\n");
  await git(dir, "add", "-A");
  await git(dir, "commit", "--quiet", "-m", "base");
  await git(dir, "tag", "base");
  await writeFile(
    path.join(dir, "src/sum.js"),
    "export function sum(a, b) {\n  return a - b;\n}\n\nexport function half(x) {\n  return x / 0;\n}\n",
  );
  await writeFile(path.join(dir, "image.bin"), Buffer.from([0, 1, 2, 3, 0, 255]));
  await mkdir(path.join(dir, ".github"));
  await writeFile(path.join(dir, ".github/quorum.yml"), "review:\n  reviewers: 2\n  quorum: lots\n");
  await git(dir, "add", "-A");
  await git(dir, "commit", "--quiet", "-m", "head");
  return dir;
}

const cli = path.resolve("bin/quorum.js");

/** `quorum review` of the fixture's base...HEAD on the bundled pool; markdown unless told. */
function reviewArgs(repo: string, ...extra: string[]): string[] {
  return [
    "review",
    "--repo",
    repo,
    "--base",
    "base",
    "--head",
    "HEAD",
    "--pool",
    "models/pool.yml",
    ...extra,
  ];
}

describe("quorum review (local CLI, real tiny model)", () => {
  let repo: string;

  beforeAll(async () => {
    repo = await createRepository();
  });

  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it("prints the fused review of base...head as JSON", async () => {
    const { stdout, stderr } = await run(process.execPath, [cli, ...reviewArgs(repo, "--format", "json")], {
      env: { ...process.env, LOG_LEVEL: "warn" },
      timeout: 120_000,
    });
    const report = JSON.parse(stdout) as {
      version: number;
      reviewers: number;
      skippedFiles: { path: string; reason: string }[];
      agreed: { path: string }[];
      notAgreed: { path: string }[];
    };
    expect(report.version).toBe(2);
    // `.github/quorum.yml` in the head asks for 2 reviewers; its bad `quorum` is reported, not fatal.
    expect(report.reviewers).toBe(2);
    expect(stderr).toContain("review.quorum");
    // stderr is a pipe here: plain lines, no bar.
    expect(stderr).toMatch(/^quorum: 2\/2 review tasks done$/m);
    expect(stderr).not.toContain("\r");
    expect(report.skippedFiles).toContainEqual(
      expect.objectContaining({ path: "image.bin", reason: "binary" }),
    );
    for (const finding of [...report.agreed, ...report.notAgreed]) {
      expect(["src/sum.js", ".github/quorum.yml"]).toContain(finding.path);
    }
  });

  it("prints markdown by default, with the demo warning for the bundled model", async () => {
    const { stdout } = await run(process.execPath, [cli, ...reviewArgs(repo)], {
      env: { ...process.env, LOG_LEVEL: "warn" },
      timeout: 120_000,
    });
    expect(stdout).toMatch(/quorum/i);
    expect(stdout).toMatch(/demo/i);
    expect(stdout).toContain("image.bin");
  });

  it("draws a progress bar on a terminal (under a pseudo-terminal made by script(1))", async () => {
    const command = [cli, ...reviewArgs(repo)].map((arg) => `'${arg}'`).join(" ");
    // script(1) gives the CLI a real TTY on stdin/stdout/stderr and copies everything it prints.
    const { stdout } = await run("script", ["-qec", `'${process.execPath}' ${command}`, "/dev/null"], {
      env: { ...process.env, LOG_LEVEL: "warn", COLUMNS: "100" },
      timeout: 120_000,
    });
    // The bar is redrawn in place: carriage return, then "erase line" (ESC [2K), then the bar.
    const redraw = "\r\u001b[2K";
    const bars = stdout.split(redraw).slice(1);
    expect(bars[0]).toMatch(/^\[-+\] 0\/2 review tasks {2}\d+s/);
    expect(bars.at(-1)).toMatch(/^\[#+\] 2\/2 review tasks {2}\d+s {2}[^\r]*src\/sum\.js/);
    expect(stdout).not.toContain("review tasks done");
  });

  it("refuses a ref that looks like an option, with a clear message and exit code 1", async () => {
    const result = await run(
      process.execPath,
      [
        cli,
        "review",
        "--repo",
        repo,
        "--base=--output=/tmp/pwned",
        "--head",
        "HEAD",
        "--pool",
        "models/pool.yml",
      ],
      { env: { ...process.env, LOG_LEVEL: "warn" }, timeout: 120_000 },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("not a valid git ref");
  });
});
