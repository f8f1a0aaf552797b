/** A git operation on the repository cache failed. Fetches are retryable (networks fail); the rest are not. */
export class WorkspaceError extends Error {
  override readonly name = "WorkspaceError";
  /** What we were doing, e.g. `git fetch`, `open cache`. */
  readonly operation: string;
  readonly retryable: boolean;

  constructor(
    operation: string,
    options: { cause: unknown; retryable: boolean; secret?: string | undefined },
  ) {
    const detail = options.cause instanceof Error ? options.cause.message : String(options.cause);
    const safe =
      options.secret === undefined || options.secret === ""
        ? detail
        : detail.split(options.secret).join("[redacted]");
    super(`${operation} failed: ${safe.trim().split("\n").slice(0, 5).join(" | ")}`, {
      cause: options.cause,
    });
    this.operation = operation;
    this.retryable = options.retryable;
  }
}
