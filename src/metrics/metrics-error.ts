/** A metric defined or used against the exposition format's rules: a programming error, not retryable. */
export class MetricsError extends Error {
  override readonly name = "MetricsError";
  readonly retryable = false;
}
