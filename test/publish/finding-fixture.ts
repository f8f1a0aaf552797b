import type { FusedFinding } from "../../src/domain/index.ts";

export function fusedFinding(overrides: Partial<FusedFinding> = {}): FusedFinding {
  return {
    path: "src/a.ts",
    line: 2,
    severity: "major",
    category: "bug",
    message: "Possible null dereference",
    support: 2,
    supporters: ["r1", "r2"],
    voters: 3,
    confidence: 0.8,
    ...overrides,
  };
}
