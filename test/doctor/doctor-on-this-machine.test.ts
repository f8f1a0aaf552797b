import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runDoctorCommand } from "../../src/cli/run-doctor-command.ts";
import { createSystemProbes, verdicts, type DoctorCheck, type HardwarePlan } from "../../src/doctor/index.ts";

const logger = pino({ level: "silent" });

describe("quorum doctor on this machine (real probes, real Redis, the bundled model)", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "quorum-doctor-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints a JSON report covering every section, with a fix on every non-ok line", async () => {
    let output = "";
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        output += chunk.toString("utf8");
        callback();
      },
    });
    const env = { PATH: process.env.PATH, REDIS_URL: inject("redisUrl"), QUORUM_POOL: "models/pool.yml" };
    const code = await runDoctorCommand({ json: true }, env, logger, { stdout });
    const report = JSON.parse(output) as {
      verdict: string;
      checks: DoctorCheck[];
      hardware: { cores: number; totalRamBytes: number; gpu: unknown };
      plan: HardwarePlan | null;
    };
    expect(code).toBe(report.verdict === "fail" ? 1 : 0);
    for (const check of report.checks) {
      expect(verdicts).toContain(check.verdict);
      expect(check.detail).toMatch(/\S/);
      if (check.verdict !== "ok") expect(check.fix, `${check.section} ${check.name}`).toMatch(/\S/);
    }
    const find = (section: string, name: string): DoctorCheck | undefined =>
      report.checks.find((c) => c.section === section && c.name === name);
    expect(find("node", "version")?.verdict).toBe("ok");
    expect(find("git", "version")?.verdict).toBe("ok");
    // The Redis the test suite runs on answers, so the doctor must see its version.
    expect(find("redis", "server")?.detail).toMatch(/^Redis \d+\.\d+/);
    expect(find("redis", "persistence")).toBeDefined();
    expect(find("redis", "maxmemory-policy")).toBeDefined();
    expect(report.checks.some((c) => c.section === "sandbox")).toBe(true);
    expect(find("app", "credentials")?.verdict).toBe("warn");
    expect(find("pool", "demo")?.verdict).toBe("warn");
    expect(find("model", "stories260k")).toMatchObject({
      verdict: "ok",
      detail: expect.stringMatching(/^GGUF v3, llama, /),
    });
    expect(report.hardware.cores).toBeGreaterThanOrEqual(1);
    expect(report.hardware.totalRamBytes).toBeGreaterThan(0);
    expect(report.plan?.fits).toBe(true);
    const model =
      report.plan?.fits === true ? report.plan.plan.models.find((m) => m.name === "stories260k") : undefined;
    expect(model).toMatchObject({ instances: 3, contextSize: 2048 });
    expect(model?.totalRamBytes).toBeGreaterThan(1_000_000);
    expect(report.plan?.rooms.find((r) => r.name === "stories260k")?.maxInstances).toBeGreaterThanOrEqual(3);
    expect(find("plan", "stories260k")?.verdict).toBe("ok");
  });

  it("estimates the KV cache of the bundled model from its header as llama.cpp would size it", async () => {
    const probes = createSystemProbes({ logger });
    try {
      const facts = await probes.inspectModelFile(resolve("models/stories260K.gguf"), [2048, 1024]);
      const costs = facts.readable ? facts.gguf?.costs : undefined;
      if (!facts.readable || costs === undefined) throw new Error("no estimate for the bundled model");
      const { architectureMetadata } = await import("node-llama-cpp").then((m) =>
        m.readGgufFileInfo("models/stories260K.gguf", { logWarnings: false }),
      );
      const layers = architectureMetadata.block_count ?? 0;
      const kvHeads = architectureMetadata.attention?.head_count_kv ?? 0;
      const headSize =
        (architectureMetadata.embedding_length ?? 0) / (architectureMetadata.attention?.head_count ?? 1);
      // K and V, f16 (2 bytes), per layer and KV head.
      const kvBytesPerToken = layers * kvHeads * headSize * 2 * 2;
      expect(costs.contextCosts.map((c) => [c.contextSize, c.perInstanceBytes])).toEqual([
        [1024, 1024 * kvBytesPerToken],
        [2048, 2048 * kvBytesPerToken],
      ]);
      expect(costs.weightsBytes).toBeGreaterThan(0);
      expect(costs.totalLayers).toBeGreaterThanOrEqual(layers);
      expect(facts.sizeBytes).toBe((await readFile("models/stories260K.gguf")).length);
    } finally {
      await probes.dispose();
    }
  });

  it("recognises an LFS pointer, a foreign file, a truncated GGUF and a missing file", async () => {
    const pointer = join(dir, "pointer.gguf");
    await writeFile(pointer, "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 4683073536\n");
    const foreign = join(dir, "foreign.gguf");
    await writeFile(foreign, "<html>Not found</html>");
    const truncated = join(dir, "truncated.gguf");
    const source = await open("models/stories260K.gguf", "r");
    const head = Buffer.alloc(200);
    await source.read(head, 0, head.length, 0);
    await source.close();
    await writeFile(truncated, head);

    const probes = createSystemProbes({ logger });
    try {
      expect(await probes.inspectModelFile(pointer, [512])).toMatchObject({
        readable: true,
        kind: "lfs-pointer",
      });
      expect(await probes.inspectModelFile(foreign, [512])).toMatchObject({ readable: true, kind: "other" });
      const cut = await probes.inspectModelFile(truncated, [512]);
      expect(cut).toMatchObject({ readable: true, kind: "gguf", sizeBytes: 200 });
      expect(cut.readable && cut.ggufError).toMatch(/\S/);
      expect(await probes.inspectModelFile(join(dir, "absent.gguf"), [512])).toMatchObject({
        readable: false,
      });
    } finally {
      await probes.dispose();
    }
  });

  it("reads the private key where Probot would, and reports a Redis that does not answer", async () => {
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs1",
      format: "pem",
    }) as string;
    const keyFile = join(dir, "app.pem");
    await writeFile(keyFile, pem);
    const probes = createSystemProbes({ logger });
    try {
      expect(await probes.readPrivateKey({ PRIVATE_KEY_PATH: keyFile })).toEqual({
        source: "PRIVATE_KEY_PATH",
        path: keyFile,
        text: pem,
      });
      expect(await probes.readPrivateKey({ PRIVATE_KEY_PATH: join(dir, "missing.pem") })).toMatchObject({
        source: "PRIVATE_KEY_PATH",
        error: expect.stringContaining("ENOENT"),
      });
      const port = await new Promise<number>((done) => {
        const server = createServer().listen(0, "127.0.0.1", () => {
          const address = server.address();
          server.close(() => done(typeof address === "object" && address !== null ? address.port : 0));
        });
      });
      expect(await probes.inspectRedis(`redis://127.0.0.1:${port}`)).toMatchObject({ reachable: false });
    } finally {
      await probes.dispose();
    }
  });
});
