import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolConfigSchema } from "../../src/config/index.ts";
import { createLlamaPool, ModelLoadError } from "../../src/pool/index.ts";

const logger = pino({ level: "silent" });

function configFor(file: string) {
  return poolConfigSchema.parse({ models: [{ name: "broken", file }] });
}

describe("createLlamaPool model file checks", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "quorum-model-files-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("rejects a missing file with ModelLoadError saying how to get a model", async () => {
    const file = join(dir, "nowhere.gguf");
    const error = await createLlamaPool(configFor(file), { logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    const loadError = error as ModelLoadError;
    expect(loadError.retryable).toBe(false);
    expect(loadError.file).toBe(file);
    expect(loadError.model).toBe("broken");
    expect(loadError.message).toContain(`cannot read ${file}`);
    expect(loadError.message).toContain("node-llama-cpp pull");
  });

  it("rejects a file that is not GGUF", async () => {
    const file = join(dir, "notes.gguf");
    await writeFile(file, "these are not weights");
    const error = await createLlamaPool(configFor(file), { logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toContain(`${file} is not a GGUF file`);
  });

  it("recognises a Git LFS pointer and says to pull it", async () => {
    const file = join(dir, "pointer.gguf");
    await writeFile(file, "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n");
    const error = await createLlamaPool(configFor(file), { logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toContain("git lfs pull");
  });

  it("resolves relative files against baseDir", async () => {
    const error = await createLlamaPool(configFor("relative.gguf"), { logger, baseDir: dir }).catch(
      (e: unknown) => e,
    );
    expect((error as ModelLoadError).file).toBe(join(dir, "relative.gguf"));
  });
});
