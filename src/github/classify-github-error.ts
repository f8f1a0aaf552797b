/** Whether a failed GitHub call is worth repeating, and when. */
export interface GitHubErrorClass {
  readonly retryable: boolean;
  /** HTTP status, when GitHub answered at all. */
  readonly status?: number | undefined;
  /** How long GitHub asked us to wait, when it said so (rate limits). */
  readonly retryAfterMs?: number | undefined;
}

interface HttpErrorShape {
  readonly status: number;
  readonly response?: { readonly headers?: Readonly<Record<string, unknown>> } | undefined;
}

/**
 * Classifies an error thrown by Octokit. Server errors (5xx), 429 and rate-limited 403s are
 * transient; any other 4xx will fail the same way again. The check is structural (Octokit's
 * `RequestError` has `status` and `response.headers`) so it works whichever copy of
 * `@octokit/request-error` threw, and never looks at the message.
 */
export function classifyGitHubError(error: unknown, now: number = Date.now()): GitHubErrorClass {
  if (!isHttpError(error)) return { retryable: false };
  const { status } = error;
  const headers = error.response?.headers ?? {};
  const retryAfterMs = readRetryAfter(headers, now);

  if (status >= 500) return { retryable: true, status, ...optional(retryAfterMs) };
  if (status === 429) return { retryable: true, status, ...optional(retryAfterMs) };
  if (status === 403) {
    // GitHub signals both primary (remaining = 0) and secondary (retry-after) rate limits with 403.
    const exhausted = readHeader(headers, "x-ratelimit-remaining") === "0";
    const toldToWait = readHeader(headers, "retry-after") !== undefined;
    if (exhausted || toldToWait) return { retryable: true, status, ...optional(retryAfterMs) };
  }
  return { retryable: false, status };
}

function optional(retryAfterMs: number | undefined): { retryAfterMs?: number } {
  return retryAfterMs === undefined ? {} : { retryAfterMs };
}

function isHttpError(error: unknown): error is HttpErrorShape {
  if (typeof error !== "object" || error === null || !("status" in error)) return false;
  return typeof error.status === "number" && Number.isInteger(error.status) && error.status >= 100;
}

function readHeader(headers: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toUpperCase()];
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  return undefined;
}

function readRetryAfter(headers: Readonly<Record<string, unknown>>, now: number): number | undefined {
  const retryAfter = readHeader(headers, "retry-after");
  if (retryAfter !== undefined) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  if (readHeader(headers, "x-ratelimit-remaining") === "0") {
    const reset = readHeader(headers, "x-ratelimit-reset");
    if (reset !== undefined && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  }
  return undefined;
}
