import { classifyGitHubError } from "../github/index.ts";

/** A write to GitHub failed. `retryable` says whether the job should be tried again later. */
export class PublishError extends Error {
  override readonly name = "PublishError";
  /** What we were doing, e.g. `create review`. */
  readonly operation: string;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(operation: string, options: { cause: unknown }) {
    const classified = classifyGitHubError(options.cause);
    const status = classified.status === undefined ? "no response" : `HTTP ${classified.status}`;
    super(`GitHub rejected "${operation}" (${status})`, options);
    this.operation = operation;
    this.retryable = classified.retryable;
    this.status = classified.status;
    this.retryAfterMs = classified.retryAfterMs;
  }
}

/** Runs one GitHub write, turning whatever it throws into a PublishError. */
export async function callGitHub<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new PublishError(operation, { cause: error });
  }
}
