import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { buildPoolJsonSchema, buildRepoConfigJsonSchema } from "./build-json-schemas.ts";
import { renderConfigurationDoc } from "./render-configuration-doc.ts";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface ConfigArtifact {
  /** Relative to the repository root. */
  readonly path: string;
  readonly content: string;
}

/**
 * Everything `npm run schemas` writes, rendered in memory and formatted by the project's Prettier
 * settings, so the committed files are exactly this and `prettier --check` agrees.
 */
export async function renderConfigArtifacts(): Promise<ConfigArtifact[]> {
  const repoSchema = buildRepoConfigJsonSchema();
  const poolSchema = buildPoolJsonSchema();
  const [repoExample, poolExample] = await Promise.all([
    readFile(join(repoRoot, "schemas/examples/quorum.yml"), "utf8"),
    readFile(join(repoRoot, "schemas/examples/pool.yml"), "utf8"),
  ]);
  const raw: ConfigArtifact[] = [
    { path: "schemas/quorum.schema.json", content: JSON.stringify(repoSchema, null, 2) },
    { path: "schemas/pool.schema.json", content: JSON.stringify(poolSchema, null, 2) },
    {
      path: "docs/configuration.md",
      content: renderConfigurationDoc({ repoSchema, poolSchema, repoExample, poolExample }),
    },
  ];
  return Promise.all(
    raw.map(async (artifact) => {
      const filepath = join(repoRoot, artifact.path);
      const options = (await resolveConfig(filepath)) ?? {};
      return { path: artifact.path, content: await format(artifact.content, { ...options, filepath }) };
    }),
  );
}
