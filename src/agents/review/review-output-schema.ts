import { z } from "zod";
import {
  categories,
  severities,
  type Category,
  type ReviewChunk,
  type Severity,
} from "../../domain/index.ts";
import type { JsonSchema } from "../../pool/index.ts";

export const defaultMaxFindings = 8;
export const maxMessageLength = 300;
/** Cap on "looks correct" judgements per answer: they are for places a reader might doubt, not a tour. */
export const maxLooksCorrect = 4;
/** A judgement's reason is one sentence. */
export const maxReasonLength = 160;

/** Confidence as a grammar-friendly set of values: a JSON-schema grammar cannot bound a number's range. */
const confidenceSteps = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

export interface ReviewOutputFinding {
  readonly path: string;
  readonly line: number;
  readonly message: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly confidence: number;
}

/** A place the agent examined and judged correct: its vote against findings there. */
export interface ReviewOutputJudgement {
  readonly path: string;
  readonly line: number;
  readonly reason: string;
}

export interface ReviewOutput {
  readonly findings: readonly ReviewOutputFinding[];
  /** Absent from backends without grammars that leave it out: none. */
  readonly looksCorrect?: readonly ReviewOutputJudgement[] | undefined;
}

export interface ReviewOutputSchema {
  /** Constrains generation (a grammar for local models). */
  readonly jsonSchema: JsonSchema;
  /** Checks the parsed output; backends without grammars can return anything. */
  readonly validator: z.ZodType<ReviewOutput>;
}

export interface ReviewSchemaOptions {
  /** Cap on findings per answer. Default: 8. */
  readonly maxFindings?: number | undefined;
}

/**
 * The answer shape for one chunk: `{"findings": [...], "looksCorrect": [...]}`. `path` may only be
 * one of the chunk's files, so a grammar-bound model cannot invent files. Property order is
 * generation order: the model states the problem before it classifies it, and lists what it found
 * wrong before what it judged correct. A grammar makes every property required, so a local model
 * always writes `looksCorrect` (usually `[]`); the validator accepts its absence for backends
 * without grammars.
 */
export function reviewOutputSchema(
  chunk: ReviewChunk,
  options: ReviewSchemaOptions = {},
): ReviewOutputSchema {
  const maxFindings = options.maxFindings ?? defaultMaxFindings;
  const paths = [...new Set(chunk.files.map((f) => f.path))];
  const jsonSchema: JsonSchema = {
    type: "object",
    properties: {
      findings: {
        type: "array",
        maxItems: maxFindings,
        items: {
          type: "object",
          properties: {
            path: { enum: paths },
            line: { type: "integer" },
            message: { type: "string", maxLength: maxMessageLength },
            category: { enum: categories },
            severity: { enum: severities },
            confidence: { enum: confidenceSteps },
          },
        },
      },
      looksCorrect: {
        type: "array",
        maxItems: maxLooksCorrect,
        items: {
          type: "object",
          properties: {
            path: { enum: paths },
            line: { type: "integer" },
            reason: { type: "string", maxLength: maxReasonLength },
          },
        },
      },
    },
  };
  const validator = z.object({
    findings: z
      .array(
        z.object({
          path: z.string(),
          line: z.number().int(),
          message: z.string().max(maxMessageLength),
          category: z.enum(categories),
          severity: z.enum(severities),
          confidence: z.number().min(0).max(1),
        }),
      )
      .max(maxFindings),
    looksCorrect: z
      .array(
        z.object({
          path: z.string(),
          line: z.number().int(),
          reason: z.string().max(maxReasonLength),
        }),
      )
      .max(maxLooksCorrect)
      .optional(),
  });
  return { jsonSchema, validator };
}
