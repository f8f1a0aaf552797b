import { priorities, type Priority } from "./model-pool.ts";

/**
 * `prefix-affine`: a call gets the free instance that already holds most of its work (the longest
 * cached prompt prefix), and a released instance goes to the waiting call it suits best.
 * `round-robin`: instances in turn, callers first come first served (the baseline it is measured against).
 */
export type LeasePolicy = "prefix-affine" | "round-robin";

export interface LeaseRequest<T> {
  /** Default: `automatic`. */
  readonly priority?: Priority | undefined;
  /** Waiters of one priority are served round-robin across tenants. Default: one shared tenant. */
  readonly tenant?: string | undefined;
  /** Aborting removes the waiter and rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** How much of this call's work an instance already holds (e.g. cached prompt tokens). Default: 0. */
  readonly affinity?: ((item: T) => number) | undefined;
}

export interface LeaseSchedulerOptions {
  /** Default: `prefix-affine`. */
  readonly policy?: LeasePolicy | undefined;
  /**
   * How many waiters at the head of a tenant's queue a released instance may choose among by
   * affinity. Default: 8.
   */
  readonly affinityWindow?: number | undefined;
  /**
   * How often a waiter may be overtaken by a better-suited later one before it goes first: the
   * bound on what prefix affinity may cost a call in waiting (other tenants and priorities are
   * unaffected). Default: 8.
   */
  readonly maxOvertakes?: number | undefined;
  /**
   * Affinity below this counts as none, so a trivial match (the BOS token every prompt starts
   * with) does not make a call evict another prompt's cache instead of taking the least recently
   * used instance. Default: 1.
   */
  readonly minAffinity?: number | undefined;
}

interface Waiter<T> {
  readonly resolve: (item: T) => void;
  readonly reject: (reason: Error) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
  readonly affinity: ((item: T) => number) | undefined;
  readonly priority: Priority;
  readonly tenant: string;
  overtaken: number;
}

const defaultTenant = "";

/**
 * Hands out a fixed set of instances, one caller each. Who waits first: higher priority, then
 * tenants in turn, then arrival order (bent, within a bounded window, towards the waiter the
 * released instance has the most cached work for).
 */
export class LeaseScheduler<T> {
  readonly #items: T[];
  /** Free instances, least recently released first. */
  readonly #free: T[];
  readonly #retired = new Set<T>();
  readonly #policy: LeasePolicy;
  readonly #affinityWindow: number;
  readonly #maxOvertakes: number;
  readonly #minAffinity: number;
  /** Per priority: tenants with waiters, least recently served first, and their queues. */
  readonly #queues = new Map<Priority, Map<string, Waiter<T>[]>>(priorities.map((p) => [p, new Map()]));
  #waiting = 0;
  #roundRobinCursor = -1;
  #closedReason: Error | undefined;

  constructor(items: readonly T[], options: LeaseSchedulerOptions = {}) {
    this.#items = [...items];
    this.#free = [...items];
    this.#policy = options.policy ?? "prefix-affine";
    this.#affinityWindow = Math.max(1, options.affinityWindow ?? 8);
    this.#maxOvertakes = Math.max(0, options.maxOvertakes ?? 8);
    this.#minAffinity = options.minAffinity ?? 1;
  }

  get policy(): LeasePolicy {
    return this.#policy;
  }

  /** Instances in service (retired ones excluded). */
  get size(): number {
    return this.#items.length - this.#retired.size;
  }

  get free(): number {
    return this.#free.length;
  }

  get busy(): number {
    return this.size - this.#free.length;
  }

  get waiting(): number {
    return this.#waiting;
  }

  /** The free instances, least recently released first (for inspection; do not lease through it). */
  freeItems(): readonly T[] {
    return [...this.#free];
  }

  /** Resolves with an instance; rejects with `signal.reason` if the signal aborts first. */
  acquire(request: LeaseRequest<T> = {}): Promise<T> {
    const { signal } = request;
    if (this.#closedReason !== undefined) return Promise.reject(this.#closedReason);
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    if (this.#free.length > 0) return Promise.resolve(this.#takeFree(request.affinity));
    if (this.size === 0) return Promise.reject(new Error("every instance has been retired"));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        reject,
        signal,
        affinity: request.affinity,
        priority: request.priority ?? "automatic",
        tenant: request.tenant ?? defaultTenant,
        overtaken: 0,
        onAbort: () => {
          if (this.#remove(waiter) && signal !== undefined) reject(abortError(signal));
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#enqueue(waiter);
    });
  }

  /** Returns an instance: straight to the next waiter if there is one. */
  release(item: T): void {
    if (this.#closedReason !== undefined || this.#retired.has(item)) return;
    const next = this.#takeWaiter(item);
    if (next === undefined) {
      this.#free.push(item);
      return;
    }
    next.signal?.removeEventListener("abort", next.onAbort);
    next.resolve(item);
  }

  /**
   * Takes a leased instance out of service for good (e.g. its state can no longer be trusted).
   * When none are left, the owner should `close` the scheduler with a typed reason.
   */
  retire(item: T): void {
    this.#retired.add(item);
    const index = this.#free.indexOf(item);
    if (index >= 0) this.#free.splice(index, 1);
  }

  /** Rejects every waiter and all later acquires with `reason`. */
  close(reason: Error): void {
    this.#closedReason = reason;
    this.#rejectAll(reason);
  }

  #rejectAll(reason: Error): void {
    for (const tenants of this.#queues.values()) {
      for (const queue of tenants.values()) {
        for (const waiter of queue) {
          waiter.signal?.removeEventListener("abort", waiter.onAbort);
          waiter.reject(reason);
        }
      }
      tenants.clear();
    }
    this.#waiting = 0;
  }

  #takeFree(affinity: ((item: T) => number) | undefined): T {
    let index = 0;
    if (this.#policy === "round-robin") {
      // The free instance that comes next after the last one handed out, in instance order.
      const n = this.#items.length;
      let bestDistance = Number.POSITIVE_INFINITY;
      this.#free.forEach((item, i) => {
        const distance = (this.#items.indexOf(item) - this.#roundRobinCursor - 1 + n) % n;
        if (distance < bestDistance) {
          bestDistance = distance;
          index = i;
        }
      });
    } else if (affinity !== undefined) {
      // Ties go to the least recently released instance: its cache is the least likely to be wanted.
      let best = -1;
      this.#free.forEach((item, i) => {
        const score = this.#score(affinity, item);
        if (score > best) {
          best = score;
          index = i;
        }
      });
    }
    const [item] = this.#free.splice(index, 1) as [T];
    this.#roundRobinCursor = this.#items.indexOf(item);
    return item;
  }

  #enqueue(waiter: Waiter<T>): void {
    const tenants = this.#queues.get(waiter.priority) as Map<string, Waiter<T>[]>;
    const queue = tenants.get(waiter.tenant);
    if (queue === undefined) tenants.set(waiter.tenant, [waiter]);
    else queue.push(waiter);
    this.#waiting += 1;
  }

  #remove(waiter: Waiter<T>): boolean {
    const tenants = this.#queues.get(waiter.priority) as Map<string, Waiter<T>[]>;
    const queue = tenants.get(waiter.tenant);
    const index = queue?.indexOf(waiter) ?? -1;
    if (queue === undefined || index < 0) return false;
    queue.splice(index, 1);
    if (queue.length === 0) tenants.delete(waiter.tenant);
    this.#waiting -= 1;
    return true;
  }

  #takeWaiter(item: T): Waiter<T> | undefined {
    for (const priority of priorities) {
      const tenants = this.#queues.get(priority) as Map<string, Waiter<T>[]>;
      // Map order is the turn order: the first tenant is the one served least recently.
      const first = tenants.entries().next();
      if (first.done === true) continue;
      const [tenant, queue] = first.value;
      const index = this.#pickInQueue(queue, item);
      const [waiter] = queue.splice(index, 1) as [Waiter<T>];
      for (let i = 0; i < index; i += 1) (queue[i] as Waiter<T>).overtaken += 1;
      tenants.delete(tenant);
      // Back of the line for this tenant, so the others get their turn first.
      if (queue.length > 0) tenants.set(tenant, queue);
      this.#waiting -= 1;
      return waiter;
    }
    return undefined;
  }

  #pickInQueue(queue: readonly Waiter<T>[], item: T): number {
    const head = queue[0] as Waiter<T>;
    if (this.#policy === "round-robin" || head.overtaken >= this.#maxOvertakes) return 0;
    let bestIndex = 0;
    let best = this.#score(head.affinity, item);
    const end = Math.min(queue.length, this.#affinityWindow);
    for (let i = 1; i < end; i += 1) {
      const score = this.#score((queue[i] as Waiter<T>).affinity, item);
      if (score > best) {
        best = score;
        bestIndex = i;
      }
    }
    return bestIndex;
  }

  #score(affinity: ((item: T) => number) | undefined, item: T): number {
    const score = affinity?.(item) ?? 0;
    return score >= this.#minAffinity ? score : 0;
  }
}

/** The signal's own reason (call signals abort with typed pool errors), as an Error. */
function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error("aborted", { cause: signal.reason });
}
