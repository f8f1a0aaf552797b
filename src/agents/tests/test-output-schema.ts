import { z } from "zod";
import type { JsonSchema } from "../../pool/index.ts";

export const maxTestExplanationLength = 300;
/** A focused test file; a longer answer is not one test. */
export const maxTestFileLength = 6000;

export interface TestOutput {
  readonly explanation: string;
  /** The whole new test file. */
  readonly content: string;
}

export interface TestOutputSchema {
  readonly jsonSchema: JsonSchema;
  readonly validator: z.ZodType<TestOutput>;
}

/** The answer shape of a test agent: what the test checks, then the whole new test file. */
export function testOutputSchema(): TestOutputSchema {
  return {
    jsonSchema: {
      type: "object",
      properties: {
        explanation: { type: "string", maxLength: maxTestExplanationLength },
        content: { type: "string", maxLength: maxTestFileLength },
      },
    },
    validator: z.object({
      explanation: z.string().max(maxTestExplanationLength),
      content: z
        .string()
        .max(maxTestFileLength)
        .refine((text) => text.trim() !== "", "the test file is empty")
        .refine((text) => !text.includes("\0"), "the test file contains a NUL character"),
    }),
  };
}
