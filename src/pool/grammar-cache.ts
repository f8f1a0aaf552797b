import type { Llama, LlamaJsonSchemaGrammar } from "node-llama-cpp";
import type { JsonSchema } from "./model-pool.ts";
import { ModelRequestError } from "./pool-errors.ts";

export type JsonGrammar = LlamaJsonSchemaGrammar<JsonSchema>;

export interface GrammarCache {
  /**
   * The compiled grammar for a schema; compiled once while it stays among the recent ones. Local
   * members constrain generation with it; remote members check their answers with its `parse`.
   */
  get(schema: JsonSchema): Promise<JsonGrammar>;
  readonly size: number;
}

/**
 * Least-recently-used cache: schemas embed per-change data (e.g. the chunk's file paths), so an
 * unbounded cache would grow for as long as the server runs.
 */
export function createGrammarCache(llama: Llama, capacity = 64): GrammarCache {
  const entries = new Map<string, Promise<JsonGrammar>>();
  return {
    get size() {
      return entries.size;
    },
    get(schema) {
      const key = JSON.stringify(schema);
      const cached = entries.get(key);
      if (cached !== undefined) {
        entries.delete(key);
        entries.set(key, cached);
        return cached;
      }
      const created = llama.createGrammarForJsonSchema<JsonSchema>(schema).catch((error: unknown) => {
        entries.delete(key);
        throw new ModelRequestError("the JSON schema cannot be turned into a grammar", { cause: error });
      });
      entries.set(key, created);
      const oldest = entries.keys().next();
      if (entries.size > capacity && oldest.done !== true) entries.delete(oldest.value);
      return created;
    },
  };
}
