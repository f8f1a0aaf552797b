import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPoolConfig, PoolConfigError } from "../../src/pool/index.ts";

describe("loadPoolConfig", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "quorum-pool-config-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function write(name: string, text: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }

  it("reads the demo pool and resolves the model file against the pool file's folder", async () => {
    const config = await loadPoolConfig("models/pool.yml");
    expect(config.demo).toBe(true);
    expect(config.reserveMemoryMb).toBe(1024);
    expect(config.models).toEqual([
      {
        name: "stories260k",
        file: resolve("models/stories260K.gguf"),
        roles: ["review"],
        weight: 1,
        instances: 3,
        contextSize: 2048,
        threads: 1,
      },
    ]);
  });

  it("applies defaults and keeps absolute paths as they are", async () => {
    const file = await write("defaults.yml", "models:\n  - name: m\n    file: /opt/models/m.gguf\n");
    const config = await loadPoolConfig(file);
    expect(config).toEqual({
      demo: false,
      reserveMemoryMb: 1024,
      models: [
        {
          name: "m",
          file: "/opt/models/m.gguf",
          roles: ["review"],
          weight: 1,
          instances: 3,
          contextSize: 2048,
        },
      ],
    });
  });

  it("names the bad field and the file", async () => {
    const file = await write(
      "bad-type.yml",
      'models:\n  - name: m\n    file: m.gguf\n    instances: "three"\n',
    );
    const error = await loadPoolConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolConfigError);
    expect((error as PoolConfigError).message).toBe(
      `${file}: models[0].instances: expected a whole number from 1 to 64, or "auto"`,
    );
    expect((error as PoolConfigError).issues).toEqual([
      { path: "models[0].instances", message: 'expected a whole number from 1 to 64, or "auto"' },
    ]);
    expect((error as PoolConfigError).retryable).toBe(false);
  });

  it("reports every bad field, including unknown keys and duplicate names", async () => {
    const file = await write(
      "many.yml",
      "models:\n  - name: m\n    file: a.gguf\n    colour: red\n  - name: m\n    file: b.gguf\n    roles: [cook]\n",
    );
    const error = (await loadPoolConfig(file).catch((e: unknown) => e)) as PoolConfigError;
    expect(error).toBeInstanceOf(PoolConfigError);
    const paths = error.issues.map((i) => i.path);
    expect(paths).toContain("models[0]");
    expect(paths).toContain("models[1].roles[0]");
    expect(error.message).toContain("colour");
  });

  it('accepts "auto" for instances and contextSize, and remote endpoints beside local files', async () => {
    const file = await write(
      "mixed.yml",
      [
        "reserveMemoryMb: 2048",
        "models:",
        "  - name: local",
        "    file: local.gguf",
        "    instances: auto",
        "    contextSize: auto",
        "    gpuLayers: 0",
        "  - name: remote",
        "    endpoint: http://127.0.0.1:8080/v1",
        "    model: qwen2.5-coder",
        "    apiKeyEnv: LLAMA_KEY",
        "    instances: 2",
        "",
      ].join("\n"),
    );
    const config = await loadPoolConfig(file);
    expect(config.reserveMemoryMb).toBe(2048);
    expect(config.models[0]).toMatchObject({
      file: join(dir, "local.gguf"),
      instances: "auto",
      contextSize: "auto",
      gpuLayers: 0,
    });
    expect(config.models[1]).toMatchObject({
      endpoint: "http://127.0.0.1:8080/v1",
      model: "qwen2.5-coder",
      apiKeyEnv: "LLAMA_KEY",
      instances: 2,
    });
    expect(config.models[1]?.file).toBeUndefined();
  });

  it("requires exactly one of file and endpoint, and a model id with an endpoint", async () => {
    const file = await write(
      "sources.yml",
      [
        "models:",
        "  - name: both",
        "    file: a.gguf",
        "    endpoint: http://127.0.0.1:8080/v1",
        "    model: m",
        "  - name: neither",
        "  - name: nameless-remote",
        "    endpoint: http://127.0.0.1:8080/v1",
        "",
      ].join("\n"),
    );
    const error = (await loadPoolConfig(file).catch((e: unknown) => e)) as PoolConfigError;
    expect(error).toBeInstanceOf(PoolConfigError);
    expect(error.issues.map((i) => i.path)).toEqual([
      "models[0].endpoint",
      "models[1].file",
      "models[2].model",
    ]);
    expect(error.issues[0]?.message).toContain("exactly one of `file`");
  });

  it("reports invalid YAML", async () => {
    const file = await write("broken.yml", "models: [\n  - name: m\n");
    const error = await loadPoolConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolConfigError);
    expect((error as Error).message).toMatch(/invalid YAML/);
  });

  it("reports an empty file as a missing models list", async () => {
    const file = await write("empty.yml", "");
    const error = (await loadPoolConfig(file).catch((e: unknown) => e)) as PoolConfigError;
    expect(error).toBeInstanceOf(PoolConfigError);
    expect(error.message.startsWith(`${file}: `)).toBe(true);
  });

  it("reports a file that cannot be read", async () => {
    const file = join(dir, "absent.yml");
    const error = await loadPoolConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolConfigError);
    expect((error as Error).message).toBe(`${file}: cannot read the pool file`);
  });

  describe("quantization", () => {
    let models: string;

    beforeAll(async () => {
      models = join(dir, "qwen");
      await mkdir(models);
      for (const name of [
        "qwen2.5-coder-7b-instruct-q8_0.gguf",
        "qwen2.5-coder-7b-instruct-q4_k_m.gguf",
        "qwen2.5-coder-7b-instruct-q5_k_m-00001-of-00002.gguf",
        "qwen2.5-coder-7b-instruct-q5_k_m-00002-of-00002.gguf",
        "README.md",
      ]) {
        await writeFile(join(models, name), "");
      }
    });

    it("picks the GGUF of the first preferred quantisation found in a folder", async () => {
      const file = await write(
        "folder.yml",
        "models:\n  - name: coder\n    file: qwen\n    quantization: [Q6_K, Q5_K_M, Q4_K_M]\n",
      );
      const config = await loadPoolConfig(file);
      expect(config.models[0]?.file).toBe(
        join(models, "qwen2.5-coder-7b-instruct-q5_k_m-00001-of-00002.gguf"),
      );
      expect(config.models[0]?.quantization).toEqual(["Q6_K", "Q5_K_M", "Q4_K_M"]);
    });

    it("takes one name as a one-item preference, and does not let Q4_K claim a Q4_K_M file", async () => {
      const one = await write(
        "one.yml",
        "models:\n  - name: coder\n    file: qwen\n    quantization: q4_k_m\n",
      );
      expect((await loadPoolConfig(one)).models[0]?.file).toBe(
        join(models, "qwen2.5-coder-7b-instruct-q4_k_m.gguf"),
      );
      const prefix = await write(
        "prefix.yml",
        "models:\n  - name: coder\n    file: qwen\n    quantization: Q4_K\n",
      );
      const error = await loadPoolConfig(prefix).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PoolConfigError);
      expect((error as PoolConfigError).issues).toEqual([
        {
          path: "models[0].quantization",
          message: expect.stringContaining("no GGUF in") as string,
        },
      ]);
      expect((error as PoolConfigError).message).toContain("qwen2.5-coder-7b-instruct-q8_0.gguf");
    });

    it("asks for a quantization when file names a folder, listing what is there", async () => {
      const file = await write("bare-folder.yml", "models:\n  - name: coder\n    file: qwen\n");
      const error = (await loadPoolConfig(file).catch((e: unknown) => e)) as PoolConfigError;
      expect(error.issues[0]?.path).toBe("models[0].file");
      expect(error.issues[0]?.message).toMatch(/is a folder: name a GGUF file, or set `quantization`/);
    });

    it("rejects quantization on a remote endpoint", async () => {
      const file = await write(
        "remote-q.yml",
        "models:\n  - name: r\n    endpoint: http://127.0.0.1:8080/v1\n    model: m\n    quantization: Q4_K_M\n",
      );
      const error = (await loadPoolConfig(file).catch((e: unknown) => e)) as PoolConfigError;
      expect(error.issues.map((i) => i.path)).toEqual(["models[0].quantization"]);
    });
  });
});
