interface Waiter<T> {
  readonly resolve: (item: T) => void;
  readonly reject: (reason: Error) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/**
 * Hands out a fixed set of instances one caller at a time, first come first served.
 * A released instance goes straight to the oldest waiter so nobody is overtaken.
 */
export class InstanceQueue<T> {
  readonly #free: T[];
  readonly #waiters: Waiter<T>[] = [];
  readonly #size: number;
  #closedReason: Error | undefined;

  constructor(items: readonly T[]) {
    this.#free = [...items];
    this.#size = items.length;
  }

  get size(): number {
    return this.#size;
  }

  get free(): number {
    return this.#free.length;
  }

  get busy(): number {
    return this.#size - this.#free.length;
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resolves with a free instance; rejects with `signal.reason` if the signal aborts first. */
  acquire(signal?: AbortSignal): Promise<T> {
    if (this.#closedReason !== undefined) return Promise.reject(this.#closedReason);
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    const item = this.#free.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#removeWaiter(waiter);
          if (signal !== undefined) reject(abortError(signal));
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  release(item: T): void {
    if (this.#closedReason !== undefined) return;
    const next = this.#waiters.shift();
    if (next === undefined) {
      this.#free.push(item);
      return;
    }
    next.signal?.removeEventListener("abort", next.onAbort);
    next.resolve(item);
  }

  /** Rejects every waiter and all later acquires with `reason`. */
  close(reason: Error): void {
    this.#closedReason = reason;
    for (const waiter of this.#waiters.splice(0)) {
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.reject(reason);
    }
  }

  #removeWaiter(waiter: Waiter<T>): void {
    const index = this.#waiters.indexOf(waiter);
    if (index >= 0) this.#waiters.splice(index, 1);
  }
}

/** The signal's own reason (call signals abort with typed pool errors), as an Error. */
function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error("aborted", { cause: signal.reason });
}
