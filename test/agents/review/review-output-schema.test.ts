import { describe, expect, it } from "vitest";
import { reviewOutputSchema } from "../../../src/agents/index.ts";
import type { ReviewChunk } from "../../../src/domain/index.ts";

const chunk: ReviewChunk = {
  id: "c",
  estimatedTokens: 10,
  files: [
    { path: "a.ts", status: "modified", additions: 1, deletions: 0, patch: "@@ -1 +1 @@\n+x" },
    { path: "b.ts", status: "added", additions: 1, deletions: 0, patch: "@@ -0,0 +1 @@\n+y" },
  ],
};

const finding = { path: "a.ts", line: 1, message: "m", category: "bug", severity: "major", confidence: 0.5 };

describe("reviewOutputSchema", () => {
  it("limits paths to the chunk's files and caps findings and message length", () => {
    const { jsonSchema } = reviewOutputSchema(chunk, { maxFindings: 4 });
    expect(jsonSchema).toMatchObject({
      properties: {
        findings: {
          maxItems: 4,
          items: { properties: { path: { enum: ["a.ts", "b.ts"] }, message: { maxLength: 300 } } },
        },
      },
    });
    expect(reviewOutputSchema(chunk).jsonSchema).toMatchObject({ properties: { findings: { maxItems: 8 } } });
  });

  it("validates well-formed output and rejects wrong enums, ranges and counts", () => {
    const { validator } = reviewOutputSchema(chunk, { maxFindings: 2 });
    expect(validator.safeParse({ findings: [finding] }).success).toBe(true);
    expect(validator.safeParse({ findings: [] }).success).toBe(true);
    expect(validator.safeParse({ findings: [{ ...finding, severity: "huge" }] }).success).toBe(false);
    expect(validator.safeParse({ findings: [{ ...finding, category: "vibes" }] }).success).toBe(false);
    expect(validator.safeParse({ findings: [{ ...finding, confidence: 85 }] }).success).toBe(false);
    expect(validator.safeParse({ findings: [{ ...finding, line: 2.5 }] }).success).toBe(false);
    expect(validator.safeParse({ findings: [{ ...finding, message: "x".repeat(301) }] }).success).toBe(false);
    expect(validator.safeParse({ findings: [finding, finding, finding] }).success).toBe(false);
    expect(validator.safeParse({ verdict: "lgtm" }).success).toBe(false);
  });

  it("constrains looks-correct judgements like findings, and accepts answers without them", () => {
    const { jsonSchema, validator } = reviewOutputSchema(chunk);
    expect(jsonSchema).toMatchObject({
      properties: {
        looksCorrect: {
          maxItems: 4,
          items: { properties: { path: { enum: ["a.ts", "b.ts"] }, reason: { maxLength: 160 } } },
        },
      },
    });
    const judgement = { path: "b.ts", line: 1, reason: "y is validated by the caller" };
    expect(validator.safeParse({ findings: [], looksCorrect: [judgement] }).success).toBe(true);
    expect(validator.safeParse({ findings: [finding] }).success).toBe(true);
    expect(validator.safeParse({ findings: [], looksCorrect: Array(5).fill(judgement) }).success).toBe(false);
    expect(
      validator.safeParse({ findings: [], looksCorrect: [{ ...judgement, reason: "x".repeat(161) }] })
        .success,
    ).toBe(false);
    expect(validator.safeParse({ findings: [], looksCorrect: [{ ...judgement, line: "7" }] }).success).toBe(
      false,
    );
  });
});
