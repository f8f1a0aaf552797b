import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { runDoctorCommand } from "../../src/cli/run-doctor-command.ts";
import { verdicts, type DoctorCheck } from "../../src/doctor/index.ts";
import {
  createFakeProbes,
  describeHealthyMachine,
  gib,
  healthyPool,
  type FakeMachine,
} from "./fake-probes.ts";

const logger = pino({ level: "silent" });
const rsaPem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
  type: "pkcs1",
  format: "pem",
}) as string;
const secret = "s3cret-webhook-value-0123456789";
const credentials = { APP_ID: "424242", WEBHOOK_SECRET: secret };

function describeConfiguredMachine(): FakeMachine {
  return { ...describeHealthyMachine(), privateKey: { source: "PRIVATE_KEY", text: rsaPem } };
}

async function runDoctor(
  machine: FakeMachine,
  env: NodeJS.ProcessEnv,
  options: { json: boolean; pool?: string; tty?: boolean },
): Promise<{ code: number; output: string; probes: ReturnType<typeof createFakeProbes> }> {
  let output = "";
  const stdout = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        output += chunk.toString("utf8");
        callback();
      },
    }),
    { isTTY: options.tty === true },
  );
  const probes = createFakeProbes(machine);
  const code = await runDoctorCommand({ json: options.json, pool: options.pool }, env, logger, {
    stdout,
    probes,
  });
  return { code, output, probes };
}

interface JsonReport {
  verdict: string;
  counts: Record<string, number>;
  checks: DoctorCheck[];
  hardware: { cores: number };
  plan: { fits: boolean; rooms: { name: string; maxInstances: number }[] } | null;
}

describe("quorum doctor", () => {
  it("passes a well-set-up machine: every section ok, exit code 0, probes released", async () => {
    const { code, output, probes } = await runDoctor(describeConfiguredMachine(), credentials, {
      json: true,
    });
    const report = JSON.parse(output) as JsonReport;
    expect(code).toBe(0);
    expect(report.verdict).toBe("ok");
    expect(report.checks.filter((c) => c.verdict !== "ok")).toEqual([]);
    expect(new Set(report.checks.map((c) => c.section))).toEqual(
      new Set(["node", "git", "redis", "sandbox", "app", "webhook", "pool", "model", "hardware", "plan"]),
    );
    expect(report.counts).toEqual({ ok: report.checks.length, warn: 0, fail: 0 });
    expect(report.plan?.fits).toBe(true);
    expect(report.plan?.rooms.map((m) => m.name)).toEqual(["coder-7b"]);
    expect(probes.disposed).toBe(true);
  });

  it("exits 1 on any failure and gives a fix for every line that is not ok", async () => {
    const machine: FakeMachine = {
      ...describeConfiguredMachine(),
      nodeVersion: "20.11.1",
      redis: {
        reachable: true,
        version: "7.2.4",
        appendOnly: false,
        saveRules: "",
        maxmemoryPolicy: "allkeys-lru",
        maxmemoryBytes: 0,
      },
      hardware: { ...describeHealthyMachine().hardware, availableRamBytes: 4 * gib },
    };
    const { code, output } = await runDoctor(machine, credentials, { json: true });
    const report = JSON.parse(output) as JsonReport;
    expect(code).toBe(1);
    expect(report.verdict).toBe("fail");
    const problems = report.checks
      .filter((c) => c.verdict !== "ok")
      .map((c) => `${c.section} ${c.name} ${c.verdict}`);
    expect(problems).toEqual([
      "node version fail",
      "redis persistence warn",
      "redis maxmemory-policy warn",
      "plan coder-7b fail",
      "plan total fail",
    ]);
    for (const check of report.checks) {
      expect(verdicts).toContain(check.verdict);
      if (check.verdict !== "ok") expect(check.fix).toMatch(/\S/);
    }
  });

  it("warns but exits 0 on a fresh machine: demo pool, no credentials, Redis to be started privately", async () => {
    const machine: FakeMachine = {
      ...describeHealthyMachine(),
      redis: { reachable: false, error: "connect ECONNREFUSED 127.0.0.1:6379" },
      pool: { loaded: true, config: { ...healthyPool, demo: true } },
    };
    const { code, output } = await runDoctor(machine, {}, { json: false });
    expect(code).toBe(0);
    expect(output).toMatch(/^warn +redis server +no answer at redis:\/\/127\.0\.0\.1:6379/m);
    expect(output).toMatch(/^warn +app credentials /m);
    expect(output).toMatch(/^warn +pool demo /m);
  });

  it("prints an aligned table: verdict, check, detail, and the fix under each non-ok line", async () => {
    const machine = { ...describeConfiguredMachine(), gitVersion: null };
    const { output } = await runDoctor(machine, credentials, { json: false });
    const { checks } = JSON.parse(
      (await runDoctor(machine, credentials, { json: true })).output,
    ) as JsonReport;
    const lines = output.trimEnd().split("\n");
    expect(lines[0]).toBe(`quorum doctor: ${checks.length - 1} ok, 0 warn, 1 fail`);
    const detailColumns = checks.map((check) => {
      const row = lines.find(
        (l) => l.startsWith(check.verdict) && l.includes(` ${check.section} ${check.name} `),
      );
      return row?.indexOf(check.detail);
    });
    expect(new Set(detailColumns).size).toBe(1);
    const column = detailColumns[0] ?? -1;
    expect(column).toBeGreaterThan(0);
    const gitRow = lines.findIndex((l) => l.startsWith("fail  git version"));
    const fixLine = lines[gitRow + 1] ?? "";
    expect(fixLine.trimStart()).toMatch(/^fix: Install git/);
    expect(fixLine.length - fixLine.trimStart().length).toBe(column);
    expect(output).not.toContain("\u001b[");
  });

  it("colours verdicts only on a terminal", async () => {
    const { output } = await runDoctor(describeConfiguredMachine(), credentials, { json: false, tty: true });
    expect(output).toContain("\u001b[32mok  \u001b[0m");
  });

  it("never prints secrets: private key, webhook secret, Redis password", async () => {
    const env = { ...credentials, REDIS_URL: "redis://:redis-pass-987@127.0.0.1:6379" };
    const machine: FakeMachine = {
      ...describeConfiguredMachine(),
      redis: {
        reachable: true,
        version: "7.2.4",
        appendOnly: false,
        saveRules: "",
        maxmemoryPolicy: "volatile-lru",
        maxmemoryBytes: 0,
      },
    };
    for (const json of [true, false]) {
      const { output, probes } = await runDoctor(machine, env, { json });
      expect(probes.redisUrls).toEqual([env.REDIS_URL]);
      expect(output).not.toContain("redis-pass-987");
      expect(output).not.toContain(secret);
      expect(output).not.toContain(rsaPem.split("\n")[1]);
    }
  });

  it("reports an invalid variable and still runs every other check with its default", async () => {
    const env = { ...credentials, REDIS_URL: "not a url", QUORUM_CONCURRENCY: "0" };
    const { code, output, probes } = await runDoctor(describeConfiguredMachine(), env, { json: true });
    const report = JSON.parse(output) as JsonReport;
    expect(code).toBe(1);
    const environment = report.checks.filter((c) => c.section === "environment");
    expect(environment.map((c) => `${c.name} ${c.verdict}`)).toEqual([
      "REDIS_URL fail",
      "QUORUM_CONCURRENCY fail",
    ]);
    expect(probes.redisUrls).toEqual(["redis://127.0.0.1:6379"]);
    expect(report.checks.some((c) => c.section === "plan")).toBe(true);
  });

  it("checks the pool file given with --pool instead of QUORUM_POOL", async () => {
    const machine = describeConfiguredMachine();
    machine.pool = { loaded: false, issues: ["cannot read the pool file"] };
    const env = { ...credentials, QUORUM_POOL: "models/pool.yml" };
    const { output } = await runDoctor(machine, env, { json: true, pool: "/srv/quorum/big.yml" });
    const report = JSON.parse(output) as JsonReport;
    const pool = report.checks.find((c) => c.section === "pool");
    expect(pool?.detail).toContain("/srv/quorum/big.yml");
    expect(report.plan).toBeNull();
  });

  it("asks an endpoint member with its API key, never printing the key, and plans only the local models", async () => {
    const machine = describeConfiguredMachine();
    const remote = {
      name: "remote",
      endpoint: "http://gpu-box:8080/v1",
      model: "coder-32b",
      apiKeyEnv: "GPU_BOX_KEY",
      roles: ["review" as const],
      weight: 2,
      instances: 4,
      contextSize: 2048,
    };
    machine.pool = { loaded: true, config: { ...healthyPool, models: [...healthyPool.models, remote] } };
    machine.endpoints = {
      "http://gpu-box:8080/v1": { reachable: true, status: 200, modelIds: ["coder-32b"] },
    };
    const env = { ...credentials, GPU_BOX_KEY: "key-material-42" };
    const { code, output, probes } = await runDoctor(machine, env, { json: true });
    const report = JSON.parse(output) as JsonReport;
    expect(code).toBe(0);
    expect(probes.endpointRequests).toEqual([
      { endpoint: "http://gpu-box:8080/v1", apiKey: "key-material-42" },
    ]);
    expect(report.checks.find((c) => c.section === "model" && c.name === "remote")?.verdict).toBe("ok");
    expect(report.plan?.rooms.map((m) => m.name)).toEqual(["coder-7b"]);
    expect(output).not.toContain("key-material-42");
  });

  it("releases the probes even when one of them throws", async () => {
    const probes = createFakeProbes(describeConfiguredMachine());
    probes.inspectHardware = () => Promise.reject(new Error("sysfs unreadable"));
    const stdout = new Writable({ write: (_c, _e, cb) => cb() });
    await expect(runDoctorCommand({ json: true }, credentials, logger, { stdout, probes })).rejects.toThrow(
      "sysfs unreadable",
    );
    expect(probes.disposed).toBe(true);
  });
});
