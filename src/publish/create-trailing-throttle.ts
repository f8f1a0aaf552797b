export interface TrailingThrottleOptions<T> {
  /** Writes one value; writes never overlap. */
  write(value: T): Promise<void>;
  /** Least time from the start of one write to the start of the next, in ms. */
  readonly minIntervalMs: number;
  /** Gets what `write` threw; the throttle carries on with the next value. */
  onError(error: unknown): void;
  /** When the last write before this throttle started (e.g. creating what it edits), in epoch ms. Default: none. */
  readonly lastWriteAt?: number | undefined;
}

export interface TrailingThrottle<T> {
  /**
   * Asks for `value` to be written: at once when the interval allows, else when it ends. A newer
   * value replaces one still waiting, so the latest is always written and older ones may be skipped.
   */
  push(value: T): void;
  /**
   * Writes `value` as the last word: what waits is dropped, a write in flight ends first, the
   * interval is kept, and later pushes are ignored. Resolves once it is written (or failed).
   */
  finish(value: T): Promise<void>;
  /** Drops what waits without writing it; later pushes are ignored. */
  dispose(): void;
}

/**
 * Spaces writes of a changing value (e.g. a progress comment) at least `minIntervalMs` apart
 * without ever losing the newest one: a trailing write, not a dropped one, ends each burst.
 */
export function createTrailingThrottle<T>(options: TrailingThrottleOptions<T>): TrailingThrottle<T> {
  let lastWriteAt = options.lastWriteAt ?? Number.NEGATIVE_INFINITY;
  let waiting: { readonly value: T } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  function start(value: T): Promise<void> {
    lastWriteAt = Date.now();
    const writing = options
      .write(value)
      .catch((error: unknown) => options.onError(error))
      .finally(() => {
        inFlight = undefined;
        drain();
      });
    inFlight = writing;
    return writing;
  }

  function drain(): void {
    if (waiting === undefined || inFlight !== undefined || timer !== undefined) return;
    const wait = lastWriteAt + options.minIntervalMs - Date.now();
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = undefined;
        drain();
      }, wait);
      return;
    }
    const { value } = waiting;
    waiting = undefined;
    void start(value);
  }

  function stop(): void {
    closed = true;
    waiting = undefined;
    clearTimeout(timer);
    timer = undefined;
  }

  return {
    push(value) {
      if (closed) return;
      waiting = { value };
      drain();
    },
    async finish(value) {
      if (closed) return;
      stop();
      while (inFlight !== undefined) await inFlight;
      const wait = lastWriteAt + options.minIntervalMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await start(value);
    },
    dispose: stop,
  };
}
