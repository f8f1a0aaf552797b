import type { FusedFinding, FusedReview } from "../../src/domain/index.ts";

export function makeFinding(overrides: Partial<FusedFinding> = {}): FusedFinding {
  return {
    path: "src/a.ts",
    line: 12,
    severity: "major",
    category: "bug",
    message: "Loop runs one past the end",
    support: 2,
    supporters: ["r1", "r2"],
    voters: 3,
    confidence: 0.74,
    ...overrides,
  };
}

export function makeReview(overrides: Partial<FusedReview> = {}): FusedReview {
  return {
    agreed: [],
    notAgreed: [],
    skippedFiles: [],
    failedAgents: [],
    reviewers: 3,
    usage: { promptTokens: 12_345, reusedPromptTokens: 4000, generatedTokens: 800, durationMs: 42_100 },
    ...overrides,
  };
}

/** An `@` directly followed by a name character: GitHub would notify someone. */
export const liveMention = /@[\w-]/;
