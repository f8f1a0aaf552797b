import { ModelCancelledError, ModelTimeoutError, PoolError } from "./pool-errors.ts";

export interface CallSignal {
  /** Aborts with a typed `PoolError` as its reason: timeout, caller cancellation or pool disposal. */
  readonly signal: AbortSignal;
  /** Stops the timer and detaches from the caller's and pool's signals. */
  dispose(): void;
}

/**
 * One signal for one model call. Built by hand rather than with `AbortSignal.any` because the
 * pool's own signal lives as long as the pool, and every call would leave a listener on it.
 */
export function createCallSignal(options: {
  readonly timeoutMs: number;
  readonly callerSignal?: AbortSignal | undefined;
  /** Aborted by the pool on dispose; its reason must be a `PoolError`. */
  readonly poolSignal?: AbortSignal | undefined;
  /** A `RunBudget`'s signal; its reason (a `PoolError`) is passed on as is. */
  readonly budgetSignal?: AbortSignal | undefined;
  readonly model?: string | undefined;
}): CallSignal {
  const { timeoutMs, callerSignal, poolSignal, budgetSignal, model } = options;
  const controller = new AbortController();
  const onCallerAbort = (): void =>
    controller.abort(new ModelCancelledError({ cause: callerSignal?.reason, model }));
  const onPoolAbort = (): void => controller.abort(poolSignal?.reason);
  const onBudgetAbort = (): void => controller.abort(budgetSignal?.reason);
  const timer = setTimeout(() => controller.abort(new ModelTimeoutError(timeoutMs, { model })), timeoutMs);

  if (poolSignal?.aborted === true) onPoolAbort();
  else if (callerSignal?.aborted === true) onCallerAbort();
  else if (budgetSignal?.aborted === true) onBudgetAbort();
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  poolSignal?.addEventListener("abort", onPoolAbort, { once: true });
  budgetSignal?.addEventListener("abort", onBudgetAbort, { once: true });

  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
      poolSignal?.removeEventListener("abort", onPoolAbort);
      budgetSignal?.removeEventListener("abort", onBudgetAbort);
    },
  };
}

/** The typed reason a call signal aborted with, if it did. */
export function readAbortReason(signal: AbortSignal): PoolError | undefined {
  return signal.aborted && signal.reason instanceof PoolError ? signal.reason : undefined;
}
