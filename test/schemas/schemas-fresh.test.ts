import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { parseRepoConfig, poolConfigSchema } from "../../src/config/index.ts";
import { renderConfigArtifacts, repoRoot } from "../../scripts/render-config-artifacts.ts";

async function readRepoFile(path: string): Promise<string> {
  return readFile(join(repoRoot, path), "utf8");
}

async function compile(path: string): Promise<ValidateFunction> {
  const ajv = new Ajv({ allErrors: true });
  formats.default(ajv);
  return ajv.compile(JSON.parse(await readRepoFile(path)) as object);
}

describe("generated configuration artefacts", () => {
  it("are up to date: schemas/*.schema.json and docs/configuration.md match the zod schemas (run `npm run schemas`)", async () => {
    const artifacts = await renderConfigArtifacts();
    expect(artifacts.map((a) => a.path).sort()).toEqual([
      "docs/configuration.md",
      "schemas/pool.schema.json",
      "schemas/quorum.schema.json",
    ]);
    for (const artifact of artifacts) {
      const committed = await readRepoFile(artifact.path).catch(() => "(missing)");
      expect(committed, `${artifact.path} is stale: run \`npm run schemas\``).toBe(artifact.content);
    }
  });
});

describe("pool.schema.json", () => {
  let validate: ValidateFunction;
  beforeAll(async () => {
    validate = await compile("schemas/pool.schema.json");
  });

  it("accepts the bundled demo pool and the documented example, as zod does", async () => {
    for (const path of ["models/pool.yml", "schemas/examples/pool.yml"]) {
      const pool: unknown = parse(await readRepoFile(path));
      expect(validate(pool), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(poolConfigSchema.safeParse(pool).success, path).toBe(true);
    }
  });

  it("agrees with zod on the cross-field rules and on case-insensitive names", () => {
    const local = { name: "Qwen-Coder.7B", file: "q.gguf" };
    const remote = { name: "remote", endpoint: "http://127.0.0.1:8080/v1", model: "coder" };
    const samples: Record<string, unknown> = {
      "upper-case name": { models: [local] },
      "file and endpoint": { models: [{ ...local, endpoint: remote.endpoint, model: "x" }] },
      "neither file nor endpoint": { models: [{ name: "nothing" }] },
      "endpoint without model": { models: [{ name: "remote", endpoint: remote.endpoint }] },
      "endpoint with model": { models: [remote] },
      "auto instances and context": { models: [{ ...local, instances: "auto", contextSize: "auto" }] },
      "zero instances": { models: [{ ...local, instances: 0 }] },
      "unknown option": { models: [{ ...local, gpu: true }] },
      "no models": { models: [] },
    };
    for (const [name, sample] of Object.entries(samples)) {
      expect(validate(sample), name).toBe(poolConfigSchema.safeParse(sample).success);
    }
    expect(validate(samples["upper-case name"])).toBe(true);
    expect(validate(samples["file and endpoint"])).toBe(false);
  });

  it("carries the descriptions and defaults editors show", async () => {
    const schema = JSON.parse(await readRepoFile("schemas/pool.schema.json")) as {
      properties: {
        models: { items: { properties: Record<string, { description?: string; default?: unknown }> } };
      };
    };
    const member = schema.properties.models.items.properties;
    expect(member.instances?.default).toBe(3);
    expect(member.contextSize?.default).toBe(2048);
    for (const [key, property] of Object.entries(member)) expect(property.description, key).toMatch(/\S/);
  });
});

describe("quorum.schema.json", () => {
  let validate: ValidateFunction;
  beforeAll(async () => {
    validate = await compile("schemas/quorum.schema.json");
  });

  it("accepts the documented example, which Quorum parses without problems", async () => {
    const config: unknown = parse(await readRepoFile("schemas/examples/quorum.yml"));
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(parseRepoConfig(config).problems).toEqual([]);
    // An empty file is valid: every option has a default.
    expect(validate({})).toBe(true);
  });

  it("rejects what Quorum would report as a problem", () => {
    const bad: Record<string, unknown> = {
      "unknown option": { review: { reviwers: 3 } },
      "too many reviewers": { review: { reviewers: 17 } },
      "unknown severity": { review: { minSeverity: "blocker" } },
      "prefix without slash": { commands: { prefix: "quorum" } },
    };
    for (const [name, sample] of Object.entries(bad)) {
      expect(validate(sample), name).toBe(false);
      expect(parseRepoConfig(sample).problems.length, name).toBeGreaterThan(0);
    }
    expect(validate({ commands: { prefix: "/Quorum" } })).toBe(true);
  });
});
