import type { TaskBudget } from "../domain/index.ts";

/** How a change is cut into review sub-tasks. Every field has a default in {@link defaultPlanOptions}. */
export interface PlanOptions {
  /** Reviewer slots per chunk: how many agents review the same text and vote. Default: 3. */
  readonly reviewers: number;
  /**
   * Prompt tokens a chunk's diff text may take (patches plus one path line per file).
   * Default: 1200, so a chunk, the instructions and the answer fit a small 2048-token local context.
   */
  readonly chunkTokenBudget: number;
  /**
   * A file whose patch costs more is clipped, keeping its beginning, at a line boundary.
   * Default: `chunkTokenBudget`; a larger value is capped at `chunkTokenBudget` so no chunk exceeds it.
   */
  readonly maxFileTokens: number;
  /**
   * Reviewable files beyond this many (in the given order) are skipped as "too-large".
   * Files already skipped for another reason (ignored, removed, binary) do not count. Default: 50.
   */
  readonly maxFiles: number;
  /**
   * Glob patterns of files not to review. `*` and `?` stay inside one path segment, `**` crosses
   * segments; a pattern without `/` matches the file name at any depth (as in .gitignore).
   * Default: {@link defaultIgnorePatterns}.
   */
  readonly ignore: readonly string[];
  /** Generation cap and time limit of each review sub-task. Default: 512 tokens, 120 s. */
  readonly taskBudget: TaskBudget;
  /**
   * Estimates the prompt tokens of a text. Default: one token per 3.5 characters, rounded up — a
   * conservative guess for code with small-vocabulary models; pass the model's tokenizer to be exact.
   */
  readonly estimateTokens: (text: string) => number;
}

/** Lock files, build output and other generated text: long, noisy and not written by the author. */
export const defaultIgnorePatterns: readonly string[] = [
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lockb",
  "*.lock",
  "go.sum",
  "**/node_modules/**",
  "**/dist/**",
  "**/vendor/**",
  "*.min.js",
  "*.min.css",
  "*.map",
  "*.snap",
  "**/__snapshots__/**",
];

/** Estimates tokens as characters / 3.5, rounded up. */
export function estimateTokensByLength(text: string): number {
  return Math.ceil(text.length / 3.5);
}

export const defaultPlanOptions: PlanOptions = {
  reviewers: 3,
  chunkTokenBudget: 1200,
  maxFileTokens: 1200,
  maxFiles: 50,
  ignore: defaultIgnorePatterns,
  taskBudget: { maxTokens: 512, timeoutMs: 120_000 },
  estimateTokens: estimateTokensByLength,
};

/**
 * Fills in defaults and checks the numbers. `maxFileTokens` follows `chunkTokenBudget` unless given.
 * Throws a RangeError naming the field, since a plan built from nonsense numbers would silently review nothing.
 */
export function resolvePlanOptions(options: Partial<PlanOptions> = {}): PlanOptions {
  const chunkTokenBudget = options.chunkTokenBudget ?? defaultPlanOptions.chunkTokenBudget;
  const resolved: PlanOptions = {
    ...defaultPlanOptions,
    ...stripUndefined(options),
    chunkTokenBudget,
    maxFileTokens: Math.min(options.maxFileTokens ?? chunkTokenBudget, chunkTokenBudget),
  };
  requireInteger("reviewers", resolved.reviewers, 1);
  requireInteger("chunkTokenBudget", resolved.chunkTokenBudget, 1);
  requireInteger("maxFileTokens", resolved.maxFileTokens, 1);
  requireInteger("maxFiles", resolved.maxFiles, 0);
  requireInteger("taskBudget.maxTokens", resolved.taskBudget.maxTokens, 1);
  requireInteger("taskBudget.timeoutMs", resolved.taskBudget.timeoutMs, 1);
  return resolved;
}

/** Callers pass config objects whose absent fields are `undefined`; those must not erase defaults. */
function stripUndefined(options: Partial<PlanOptions>): Partial<PlanOptions> {
  const entries: [string, unknown][] = Object.entries(options);
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

function requireInteger(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`plan option ${field} must be an integer >= ${min}, got ${value}`);
  }
}
