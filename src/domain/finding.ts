export const severities = ["info", "minor", "major", "critical"] as const;
export type Severity = (typeof severities)[number];

export const categories = [
  "bug",
  "security",
  "performance",
  "error-handling",
  "maintainability",
  "style",
  "test",
  "docs",
] as const;
export type Category = (typeof categories)[number];

/** One agent instance's claim about one place in the change. Lines are new-file (RIGHT side) lines. */
export interface Finding {
  readonly path: string;
  readonly line: number;
  readonly severity: Severity;
  readonly category: Category;
  readonly message: string;
  /** The agent's own confidence, 0..1. */
  readonly confidence: number;
}

/**
 * One agent instance's explicit judgement that a place in the change is correct: "I looked at this
 * line and it is fine". A vote against findings at the same place, which is how agents disagree.
 */
export interface Clearance {
  readonly path: string;
  /** New-file (RIGHT side) line. */
  readonly line: number;
  /** Why the agent judged it correct, in one sentence. */
  readonly reason: string;
}

/** Who produced a set of findings: one agent instance on one chunk. */
export interface AgentIdentity {
  /** Stable id of the reviewer slot in the plan, e.g. `r2`; the same slot reviews every chunk. */
  readonly reviewer: string;
  readonly model: string;
  /** Vote weight of the model (pool file), default 1. */
  readonly weight: number;
}

/** The outcome of one review sub-task. A failed sub-task carries its reason and no findings. */
export type AgentReport =
  | {
      readonly status: "ok";
      readonly agent: AgentIdentity;
      readonly chunkId: string;
      readonly findings: readonly Finding[];
      /** Places the agent explicitly judged correct. Absent from older workers: none. */
      readonly clearances?: readonly Clearance[] | undefined;
      readonly usage: Usage;
    }
  | {
      readonly status: "failed";
      readonly agent: AgentIdentity;
      readonly chunkId: string;
      readonly reason: string;
      readonly usage: Usage;
    };

export interface Usage {
  readonly promptTokens: number;
  readonly reusedPromptTokens: number;
  readonly generatedTokens: number;
  readonly durationMs: number;
}
