import { setMaxListeners } from "node:events";
import { ModelCancelledError, RunBudgetExceededError } from "./pool-errors.ts";

export interface RunBudgetOptions {
  /**
   * Tokens the run may spend across all its calls: generated tokens plus the prompt tokens a model
   * had to evaluate (prompt tokens reused from an instance's cache are free). Default: unlimited.
   */
  readonly maxTokens?: number | undefined;
  /** Wall time the run may take, counted from the budget's creation. Default: unlimited. */
  readonly maxWallMs?: number | undefined;
  /** Cancels the budget (and so every call charged to it) when it aborts, e.g. the job's signal. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * One run's allowance, shared by all the calls it makes (pass it as `CompletionRequest.budget`).
 * When it runs out, every call still charged to it fails with `RunBudgetExceededError`;
 * `cancel()` ends them with `ModelCancelledError` and frees their instances at once.
 * Holds a timer while it has a wall-time limit: call `dispose()` when the run ends.
 */
export class RunBudget {
  readonly maxTokens: number;
  readonly maxWallMs: number;
  readonly #controller = new AbortController();
  readonly #startedAt = performance.now();
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #parent: AbortSignal | undefined;
  readonly #onParentAbort = (): void => this.cancel(this.#parent?.reason);
  #spentTokens = 0;

  constructor(options: RunBudgetOptions = {}) {
    // Every call charged to the budget listens to it while it runs; a run may have dozens.
    setMaxListeners(0, this.#controller.signal);
    this.maxTokens = options.maxTokens ?? Number.POSITIVE_INFINITY;
    this.maxWallMs = options.maxWallMs ?? Number.POSITIVE_INFINITY;
    if (!(this.maxTokens >= 0) || !(this.maxWallMs >= 0)) {
      throw new RangeError("RunBudget limits must be zero or more");
    }
    if (Number.isFinite(this.maxWallMs)) {
      this.#timer = setTimeout(
        () => this.#controller.abort(new RunBudgetExceededError("time", this.maxWallMs)),
        this.maxWallMs,
      );
      // A budget must never be what keeps a finished process alive.
      this.#timer.unref();
    }
    this.#parent = options.signal;
    if (this.#parent?.aborted === true) this.#onParentAbort();
    else this.#parent?.addEventListener("abort", this.#onParentAbort, { once: true });
  }

  /** Aborts, with a `RunBudgetExceededError` or `ModelCancelledError` reason, when the budget ends. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get spentTokens(): number {
    return this.#spentTokens;
  }

  get remainingTokens(): number {
    return Math.max(0, this.maxTokens - this.#spentTokens);
  }

  get remainingMs(): number {
    return Math.max(0, this.maxWallMs - (performance.now() - this.#startedAt));
  }

  /** Charges tokens; going over the limit ends the budget. */
  spend(tokens: number): void {
    this.#spentTokens += tokens;
    if (this.#spentTokens > this.maxTokens && !this.#controller.signal.aborted) {
      this.#controller.abort(new RunBudgetExceededError("tokens", this.maxTokens));
    }
  }

  /** Ends every call charged to this budget with `ModelCancelledError` (e.g. the run was superseded). */
  cancel(cause?: unknown): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(new ModelCancelledError({ cause }));
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#parent?.removeEventListener("abort", this.#onParentAbort);
  }
}
