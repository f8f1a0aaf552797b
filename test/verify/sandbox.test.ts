import { chmod, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, SandboxUnavailableError, type Sandbox } from "../../src/verify/index.ts";
import { countLiveProcessesOf, installedMechanisms, silentLogger } from "./sandbox-helpers.ts";

const mechanisms = await installedMechanisms();
const asRoot = process.geteuid?.() === 0;

describe.each(mechanisms)("sandbox (%s)", (mechanism) => {
  let sandbox: Sandbox;
  let workDir: string;

  beforeAll(async () => {
    sandbox = await createSandbox({ mode: mechanism, logger: silentLogger });
    workDir = await mkdtemp(join(tmpdir(), "quorum-sandbox-test-"));
    await chmod(workDir, 0o755);
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it("proves its isolation at start-up and says how it isolates", () => {
    expect(sandbox.mechanism).toBe(mechanism);
    expect(sandbox.isolated).toBe(true);
    expect(sandbox.description).toContain("no network");
  });

  it("blocks connections to a server listening on the host's loopback", async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    const port = await listen(server, "127.0.0.1");
    try {
      const script = `require("node:net").connect(${port}, "127.0.0.1")
        .on("connect", () => { console.log("CONNECTED"); process.exit(0); })
        .on("error", (e) => { console.log("BLOCKED " + e.code); process.exit(3); });`;
      const result = await sandbox.run({ command: ["node", "-e", script], cwd: workDir });
      expect(result.output).toMatch(/BLOCKED E[A-Z]+/);
      expect(result.exitCode).toBe(3);
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it("hides Quorum's secrets: the environment is an allow-list", async () => {
    const planted = {
      GITHUB_TOKEN: "ghs_plantedPlantedPlantedPlanted0001",
      PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----planted",
      WEBHOOK_SECRET: "planted-webhook-secret",
      REDIS_URL: "redis://planted:6379",
      QUORUM_SOMETHING_ELSE: "planted-other",
    };
    Object.assign(process.env, planted);
    try {
      const result = await sandbox.run({ command: ["env"], cwd: workDir });
      expect(result.passed).toBe(true);
      for (const [name, value] of Object.entries(planted)) {
        expect(result.output).not.toContain(name);
        expect(result.output).not.toContain(value);
      }
      expect(result.output).toMatch(/^CI=true$/m);
      expect(result.output).toMatch(/^npm_config_ignore_scripts=true$/m);
    } finally {
      for (const name of Object.keys(planted)) Reflect.deleteProperty(process.env, name);
    }
  });

  it("kills a runaway loop at the time limit", async () => {
    const result = await sandbox.run({
      command: ["sh", "-c", "echo started; while :; do :; done"],
      cwd: workDir,
      limits: { timeoutMs: 1500 },
    });
    expect(result.timedOut).toBe(true);
    expect(result.passed).toBe(false);
    expect(result.exitCode).toBeNull();
    expect(result.output).toContain("started");
    if (result.uid !== undefined) expect(await countLiveProcessesOf(result.uid)).toBe(0);
  });

  it("leaves no process behind when the command exits while its children still run", async () => {
    const result = await sandbox.run({
      command: ["sh", "-c", "(trap '' TERM HUP; sleep 300) & echo spawned"],
      cwd: workDir,
      limits: { timeoutMs: 60_000 },
    });
    expect(result.timedOut).toBe(false);
    expect(result.output).toContain("spawned");
    if (result.uid !== undefined) expect(await countLiveProcessesOf(result.uid)).toBe(0);
  });

  it.runIf(asRoot || mechanism === "unshare")("stops a fork bomb at the process limit", async () => {
    // Spawns `sleep` until the kernel refuses, then reports how far it got.
    const script = `
        const { spawn } = require("node:child_process");
        let started = 0;
        const next = () => {
          const child = spawn("sleep", ["60"], { stdio: "ignore" });
          child.once("spawn", () => { started += 1; if (started < 1000) next(); else done("no limit"); });
          child.once("error", (e) => done(e.code));
        };
        const done = (why) => { console.log(JSON.stringify({ started, why })); process.exit(0); };
        next();`;
    const result = await sandbox.run({
      command: ["node", "-e", script],
      cwd: workDir,
      limits: { processes: 40, timeoutMs: 30_000 },
    });
    const report = JSON.parse(result.output.trim().split("\n").at(-1) ?? "{}") as {
      started: number;
      why: string;
    };
    expect(report.why).toBe("EAGAIN");
    expect(report.started).toBeGreaterThan(0);
    expect(report.started).toBeLessThan(40);
    if (result.uid !== undefined) expect(await countLiveProcessesOf(result.uid)).toBe(0);
  });

  it("contains a classic shell fork bomb and ends the whole tree", async () => {
    const result = await sandbox.run({
      command: ["sh", "-c", "bomb() { bomb | bomb & }; bomb; sleep 30"],
      cwd: workDir,
      limits: { processes: 64, timeoutMs: 3000 },
    });
    // Either the bomb starves the final `sleep` of a process slot or the time limit ends it.
    expect(result.passed).toBe(false);
    expect(result.timedOut || /fork/i.test(result.output)).toBe(true);
    if (result.uid !== undefined) expect(await countLiveProcessesOf(result.uid)).toBe(0);
  });

  it("caps the output it keeps, keeping its beginning and end", async () => {
    const script = `process.stdout.write("FIRST-LINE\\n" + "x".repeat(3_000_000) + "\\nLAST-LINE\\n")`;
    const result = await sandbox.run({
      command: ["node", "-e", script],
      cwd: workDir,
      limits: { outputBytes: 64 * 1024 },
    });
    expect(result.passed).toBe(true);
    expect(result.outputTruncated).toBe(true);
    expect(result.outputBytes).toBeGreaterThan(3_000_000);
    expect(result.output.length).toBeLessThan(64 * 1024 + 200);
    expect(result.output.startsWith("FIRST-LINE")).toBe(true);
    expect(result.output.trimEnd().endsWith("LAST-LINE")).toBe(true);
    expect(result.output).toMatch(/bytes of output omitted/);
  });

  it("caps the size of files a process writes", async () => {
    const result = await sandbox.run({
      command: ["node", "-e", `require("node:fs").writeFileSync("big.bin", Buffer.alloc(2 * 1024 * 1024))`],
      cwd: workDir,
      limits: { fileSizeBytes: 1024 * 1024 },
    });
    expect(result.passed).toBe(false);
  });

  it("does not run npm's pre/post scripts", async () => {
    const project = await mkdtemp(join(workDir, "npm-"));
    await writeFile(
      join(project, "package.json"),
      JSON.stringify({
        name: "scripts-probe",
        version: "1.0.0",
        scripts: { pretest: "echo PRETEST-RAN", test: "echo TEST-RAN", posttest: "echo POSTTEST-RAN" },
      }),
    );
    const result = await sandbox.run({ command: ["npm", "test"], cwd: project });
    expect(result.output).toContain("TEST-RAN");
    expect(result.output).not.toContain("PRETEST-RAN");
    expect(result.output).not.toContain("POSTTEST-RAN");
  });

  it.runIf(asRoot)("runs as a throwaway user that cannot read Quorum's private files", async () => {
    const secretDir = await mkdtemp(join(tmpdir(), "quorum-secret-"));
    const keyFile = join(secretDir, "key.pem");
    await writeFile(keyFile, "planted-private-key", { mode: 0o600 });
    await chmod(secretDir, 0o755);
    try {
      const result = await sandbox.run({ command: ["sh", "-c", `id -u; cat ${keyFile}`], cwd: workDir });
      expect(result.uid).toBeGreaterThan(0);
      expect(result.output).toContain(String(result.uid));
      expect(result.output).not.toContain("planted-private-key");
      expect(result.passed).toBe(false);
      expect(await readFile(keyFile, "utf8")).toBe("planted-private-key");
    } finally {
      await rm(secretDir, { recursive: true, force: true });
    }
  });

  it("lets the command write its working directory and private HOME", async () => {
    const project = await mkdtemp(join(workDir, "write-"));
    const result = await sandbox.run({
      command: ["sh", "-c", 'echo ok > out.txt && echo home > "$HOME/h.txt" && cat out.txt "$HOME/h.txt"'],
      cwd: project,
    });
    expect(result.passed).toBe(true);
    expect(result.output).toBe("ok\nhome\n");
  });
});

describe("sandbox set-up", () => {
  it("refuses, saying why, when no isolation program can be found", async () => {
    const empty = await mkdtemp(join(tmpdir(), "quorum-no-tools-"));
    try {
      const creating = createSandbox({ mode: "auto", searchPath: empty, logger: silentLogger });
      await expect(creating).rejects.toBeInstanceOf(SandboxUnavailableError);
      const error = (await creating.catch((e: unknown) => e)) as SandboxUnavailableError;
      expect(error.retryable).toBe(false);
      expect(error.attempts.map((a) => a.mechanism)).toEqual(["bwrap", "unshare"]);
      expect(error.attempts[1]?.reason).toContain("unshare");
      expect(error.message).toContain("QUORUM_SANDBOX=off");
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it.runIf(mechanisms.includes("unshare"))(
    "refuses an `unshare` that does not actually isolate: the self-test reaches the host",
    async () => {
      const tools = await mkdtemp(join(tmpdir(), "quorum-fake-unshare-"));
      try {
        // Skips its own options and runs the command with the host's network.
        await writeFile(
          join(tools, "unshare"),
          '#!/bin/sh\nwhile [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"\n',
          {
            mode: 0o755,
          },
        );
        for (const tool of ["prlimit", "setpriv"]) await symlink(`/usr/bin/${tool}`, join(tools, tool));
        const creating = createSandbox({ mode: "unshare", searchPath: tools, logger: silentLogger });
        const error = (await creating.catch((e: unknown) => e)) as SandboxUnavailableError;
        expect(error).toBeInstanceOf(SandboxUnavailableError);
        expect(error.attempts[0]?.reason).toMatch(/reached the host network/);
      } finally {
        await rm(tools, { recursive: true, force: true });
      }
    },
  );

  it("with the operator override runs unisolated but keeps the allow-list and the time limit", async () => {
    process.env.QUORUM_PLANTED = "planted-value";
    try {
      const sandbox = await createSandbox({ mode: "off", logger: silentLogger });
      expect(sandbox.isolated).toBe(false);
      expect(sandbox.description).toMatch(/no isolation/);
      const result = await sandbox.run({ command: ["env"], cwd: tmpdir() });
      expect(result.output).not.toContain("planted-value");
      const loop = await sandbox.run({
        command: ["sh", "-c", "while :; do :; done"],
        cwd: tmpdir(),
        limits: { timeoutMs: 500 },
      });
      expect(loop.timedOut).toBe(true);
    } finally {
      delete process.env.QUORUM_PLANTED;
    }
  });
});

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address !== null && typeof address === "object") resolve(address.port);
      else reject(new Error("no port"));
    });
  });
}
