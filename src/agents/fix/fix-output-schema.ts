import { z } from "zod";
import type { JsonSchema } from "../../pool/index.ts";

export const defaultMaxEdits = 4;
export const maxExplanationLength = 400;
/** Long enough for a function; a model that needs more is rewriting, not fixing. */
export const maxEditTextLength = 4000;

export interface FixOutputEdit {
  readonly path: string;
  readonly search: string;
  readonly replace: string;
}

export interface FixOutput {
  readonly explanation: string;
  readonly edits: readonly FixOutputEdit[];
}

export interface FixOutputSchema {
  /** Constrains generation (a grammar for local models). */
  readonly jsonSchema: JsonSchema;
  /** Checks the parsed output; backends without grammars can return anything. */
  readonly validator: z.ZodType<FixOutput>;
}

export interface FixSchemaOptions {
  /** Cap on edits per answer. Default: 4. */
  readonly maxEdits?: number | undefined;
}

/**
 * The answer shape of a fix agent: search/replace edits whose `path` can only be one of the files
 * it was shown. The explanation comes first so the model states the cause before it edits.
 */
export function fixOutputSchema(paths: readonly string[], options: FixSchemaOptions = {}): FixOutputSchema {
  const maxEdits = options.maxEdits ?? defaultMaxEdits;
  const jsonSchema: JsonSchema = {
    type: "object",
    properties: {
      explanation: { type: "string", maxLength: maxExplanationLength },
      edits: {
        type: "array",
        minItems: 1,
        maxItems: maxEdits,
        items: {
          type: "object",
          properties: {
            path: { enum: [...paths] },
            search: { type: "string", maxLength: maxEditTextLength },
            replace: { type: "string", maxLength: maxEditTextLength },
          },
        },
      },
    },
  };
  const validator = z.object({
    explanation: z.string().max(maxExplanationLength),
    edits: z
      .array(
        z.object({
          path: z.string().refine((path) => paths.includes(path), "not one of the files shown"),
          search: z.string().max(maxEditTextLength),
          replace: z.string().max(maxEditTextLength),
        }),
      )
      .min(1)
      .max(maxEdits),
  });
  return { jsonSchema, validator };
}
