export interface PoolConfigIssue {
  /** Dotted path into the pool file, e.g. `models[0].instances`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** The pool file cannot be read, is not YAML, or does not match the schema. A person must fix it. */
export class PoolConfigError extends Error {
  override readonly name = "PoolConfigError";
  readonly retryable = false;
  readonly file: string;
  readonly issues: readonly PoolConfigIssue[];

  constructor(file: string, issues: readonly PoolConfigIssue[], options?: { cause?: unknown }) {
    super(`${file}: ${issues.map(formatIssue).join("; ")}`, options);
    this.file = file;
    this.issues = issues;
  }
}

function formatIssue(issue: PoolConfigIssue): string {
  return issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
}
