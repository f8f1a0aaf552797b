import type { AgentReport, Clearance, Finding, Usage } from "../../src/domain/index.ts";

export const usage: Usage = {
  promptTokens: 100,
  reusedPromptTokens: 40,
  generatedTokens: 20,
  durationMs: 1000,
};

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    path: "src/a.ts",
    line: 10,
    severity: "major",
    category: "bug",
    message: "Off-by-one in loop bound",
    confidence: 0.8,
    ...overrides,
  };
}

export function okReport(
  reviewer: string,
  findings: Finding[],
  extra: { chunkId?: string; weight?: number; clearances?: Clearance[] } = {},
): AgentReport {
  return {
    status: "ok",
    agent: { reviewer, model: "m", weight: extra.weight ?? 1 },
    chunkId: extra.chunkId ?? "c1",
    findings,
    clearances: extra.clearances ?? [],
    usage,
  };
}

export function clearance(overrides: Partial<Clearance> = {}): Clearance {
  return { path: "src/a.ts", line: 10, reason: "the loop bound is correct", ...overrides };
}

export function failedReport(reviewer: string, reason: string, chunkId = "c1"): AgentReport {
  return { status: "failed", agent: { reviewer, model: "m", weight: 1 }, chunkId, reason, usage };
}
