import type { BackoffStrategy, MinimalJob } from "bullmq";

/**
 * The backoff type of jobs that call GitHub. BullMQ only consults a worker's custom strategy for
 * types it does not know, so jobs must name this one: `backoff: { type: githubAwareBackoffType, delay }`.
 */
export const githubAwareBackoffType = "github-aware";

/** The longest wait honoured; GitHub's primary rate-limit window is one hour. */
export const maxBackoffMs = 3_600_000;
/** Shortest wait, so a `retry-after: 0` or a reset already past cannot make a hot loop. */
export const minBackoffMs = 1_000;
/** Base delay when the job does not state one. */
export const defaultBaseDelayMs = 2_000;
/** Added to a rate-limit wait, so the retry lands after the window reopens rather than on its edge. */
export const rateLimitMarginMs = 1_000;

/** BullMQ's answer for "do not retry": the job fails now. */
const noRetry = -1;

/**
 * How long to wait before attempt `attemptsMade + 1`:
 * - the error (or one of its causes) says GitHub asked us to wait (`retryAfterMs` on a
 *   PublishError, or `retry-after` / `x-ratelimit-reset` on an Octokit error): that long, plus a
 *   margin, capped at an hour;
 * - the error is marked `retryable: false`, or is a GitHub 4xx that is not a rate limit: no retry;
 * - otherwise exponential from `baseDelayMs` (2 s, 4 s, 8 s, …), capped at an hour.
 */
export function computeBackoff(
  attemptsMade: number,
  error: unknown,
  baseDelayMs = defaultBaseDelayMs,
): number {
  const advice = readRetryAdvice(error);
  if (advice.retryable === false) return noRetry;
  if (advice.retryAfterMs !== undefined) {
    return clamp(advice.retryAfterMs + rateLimitMarginMs);
  }
  return clamp(Math.round(baseDelayMs * 2 ** Math.max(0, attemptsMade - 1)));
}

/**
 * The strategy to give BullMQ workers: `new Worker(name, fn, { settings: { backoffStrategy: githubAwareBackoff } })`.
 * The job's own `backoff.delay` is the base delay.
 */
export const githubAwareBackoff: BackoffStrategy = (attemptsMade, _type, error, job) =>
  computeBackoff(attemptsMade, error, readBaseDelay(job));

function readBaseDelay(job: MinimalJob | undefined): number {
  const backoff = job?.opts.backoff;
  const delay = typeof backoff === "object" ? backoff.delay : backoff;
  return typeof delay === "number" && delay > 0 ? delay : defaultBaseDelayMs;
}

function clamp(ms: number): number {
  return Math.min(maxBackoffMs, Math.max(minBackoffMs, ms));
}

interface RetryAdvice {
  readonly retryable?: boolean | undefined;
  readonly retryAfterMs?: number | undefined;
}

/**
 * Walks the error and its causes (a BullMQ UnrecoverableError or an EnqueueError wraps the one
 * that knows). The first explicit `retryAfterMs` wins; then GitHub's own headers, read structurally
 * so it works for any copy of Octokit's RequestError.
 */
function readRetryAdvice(error: unknown, now: number = Date.now()): RetryAdvice {
  let retryable: boolean | undefined;
  const seen = new Set<unknown>();
  for (let current = error; isObject(current) && !seen.has(current); current = current.cause) {
    seen.add(current);
    if (retryable === undefined && typeof current.retryable === "boolean") retryable = current.retryable;
    if (typeof current.retryAfterMs === "number" && Number.isFinite(current.retryAfterMs))
      return { retryable: true, retryAfterMs: current.retryAfterMs };
    const github = readGitHubAdvice(current, now);
    if (github !== undefined) return github;
  }
  return { retryable };
}

function readGitHubAdvice(error: Record<string, unknown>, now: number): RetryAdvice | undefined {
  const status = error.status;
  const response = error.response;
  if (typeof status !== "number" || !isObject(response) || !isObject(response.headers)) return undefined;
  const headers = response.headers;
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : undefined;
  };
  const retryAfter = header("retry-after");
  const exhausted = header("x-ratelimit-remaining") === "0";
  const reset = header("x-ratelimit-reset");
  let retryAfterMs: number | undefined;
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter)) retryAfterMs = Number(retryAfter) * 1000;
  else if (retryAfter !== undefined && !Number.isNaN(Date.parse(retryAfter)))
    retryAfterMs = Math.max(0, Date.parse(retryAfter) - now);
  else if (exhausted && reset !== undefined && /^\d+$/.test(reset))
    retryAfterMs = Math.max(0, Number(reset) * 1000 - now);
  const rateLimited = status === 429 || (status === 403 && (exhausted || retryAfter !== undefined));
  if (rateLimited || status >= 500) return { retryable: true, retryAfterMs };
  if (status >= 400) return { retryable: false };
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> & { cause?: unknown } {
  return typeof value === "object" && value !== null;
}
