import { resolve } from "node:path";
import { poolConfigSchema, type PoolConfig } from "../../src/config/index.ts";
import type { JsonSchema } from "../../src/pool/index.ts";

/** The tiny model inference tests run on (it writes children's stories: test machinery, not wisdom). */
export const storiesModelFile = resolve(import.meta.dirname, "../../models/stories260K.gguf");

/** Forces a long generation, so a call is reliably still running when something ends it. */
export const longStorySchema = {
  type: "object",
  properties: { story: { type: "string", minLength: 1500 } },
} as const satisfies JsonSchema;

/**
 * A pool file with stories260K as its one model, named "stories": `model` holds that model's
 * settings, `pool` the file's top-level ones (e.g. `reserveMemoryMb`).
 */
export function storiesPoolConfig(
  model: Record<string, unknown>,
  pool: Record<string, unknown> = {},
): PoolConfig {
  return poolConfigSchema.parse({ ...pool, models: [{ name: "stories", file: storiesModelFile, ...model }] });
}
