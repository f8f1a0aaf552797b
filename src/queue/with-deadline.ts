export class DeadlineError extends Error {
  override readonly name = "DeadlineError";
  readonly retryable = true;
}

/**
 * Rejects with DeadlineError when `work` has not settled after `ms`. BullMQ waits for a first
 * connection to Redis forever; a webhook must instead fail (5xx) before GitHub's 10 s timeout and
 * before the webhook middleware answers "202 still processing" for work that was never stored.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
