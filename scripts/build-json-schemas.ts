import { zodToJsonSchema } from "zod-to-json-schema";
import { poolConfigSchema, repoConfigSchema } from "../src/config/index.ts";

export type JsonSchema = Record<string, unknown>;

function convert(schema: Parameters<typeof zodToJsonSchema>[0]): JsonSchema {
  return zodToJsonSchema(schema, {
    $refStrategy: "none",
    target: "jsonSchema7",
    // zod's `/i` patterns (model names, slash-command prefixes) must stay case-insensitive in JSON Schema.
    applyRegexFlags: true,
  });
}

/** JSON Schema of a repository's `.github/quorum.yml`, from `repoConfigSchema`. */
export function buildRepoConfigJsonSchema(): JsonSchema {
  const { $schema, ...rest } = convert(repoConfigSchema);
  return {
    $schema,
    title: "Quorum repository configuration (.github/quorum.yml)",
    description:
      "Per-repository settings of the Quorum GitHub App. Every option is optional; a bad value is reported on the pull request and its default applies.",
    ...rest,
  };
}

/** JSON Schema of a model-pool file (QUORUM_POOL), from `poolConfigSchema`. */
export function buildPoolJsonSchema(): JsonSchema {
  const { $schema, ...rest } = convert(poolConfigSchema);
  return {
    $schema,
    title: "Quorum model pool (QUORUM_POOL)",
    description:
      "The language models Quorum runs: local GGUF files loaded with node-llama-cpp, or OpenAI-compatible endpoints.",
    ...addMemberRules(rest),
  };
}

/**
 * The pool schema's cross-field rules live in a zod `superRefine`, which JSON Schema conversion
 * cannot see; they are restated here so editors flag them too. The schema test checks both agree.
 */
function addMemberRules(schema: JsonSchema): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  const models = properties?.models;
  const items = models?.items as JsonSchema | undefined;
  if (properties === undefined || models === undefined || items === undefined) {
    throw new Error("poolConfigSchema no longer has models[]: update scripts/build-json-schemas.ts");
  }
  const member: JsonSchema = {
    ...items,
    oneOf: [
      { required: ["file"], description: "A local GGUF model." },
      { required: ["endpoint"], description: "An OpenAI-compatible endpoint." },
    ],
    dependencies: { endpoint: ["model"] },
  };
  return { ...schema, properties: { ...properties, models: { ...models, items: member } } };
}
