/**
 * Every failure the pool reports carries `retryable`, so callers (agents, the queue) decide
 * whether to try again without ever looking at messages.
 */
export abstract class PoolError extends Error {
  abstract readonly retryable: boolean;
  /** The model involved, when the failure happened after one was chosen. */
  readonly model: string | undefined;

  constructor(message: string, options?: { cause?: unknown; model?: string | undefined }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.model = options?.model;
  }
}

/** A model file is missing, is not a GGUF file, or llama.cpp refused it. Fixing it needs a person. */
export class ModelLoadError extends PoolError {
  override readonly name = "ModelLoadError";
  readonly retryable = false;
  readonly file: string;

  constructor(message: string, options: { file: string; model?: string; cause?: unknown }) {
    super(message, options);
    this.file = options.file;
  }
}

/** The call's wall-clock budget (lease wait + generation) ran out. Another try may succeed. */
export class ModelTimeoutError extends PoolError {
  override readonly name = "ModelTimeoutError";
  readonly retryable = true;
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options?: { model?: string }) {
    super(`model call exceeded its ${timeoutMs} ms budget`, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted the call (e.g. the run was superseded by a newer push). */
export class ModelCancelledError extends PoolError {
  override readonly name = "ModelCancelledError";
  readonly retryable = false;

  constructor(options?: { cause?: unknown; model?: string }) {
    super("model call was cancelled by the caller", options);
  }
}

/** No pool member serves the requested role: a configuration problem. */
export class NoModelForRoleError extends PoolError {
  override readonly name = "NoModelForRoleError";
  readonly retryable = false;
  readonly role: string;

  constructor(role: string) {
    super(`no model in the pool serves the role "${role}"; add it to a model's "roles" in the pool file`);
    this.role = role;
  }
}

/** The request cannot be served as given (prompt longer than the context, unusable schema). */
export class ModelRequestError extends PoolError {
  override readonly name = "ModelRequestError";
  readonly retryable = false;
}

/** llama.cpp failed during generation for a reason the pool cannot classify; assumed transient. */
export class ModelGenerationError extends PoolError {
  override readonly name = "ModelGenerationError";
  readonly retryable = true;
}

/** The pool was disposed while the call waited or ran. */
export class PoolDisposedError extends PoolError {
  override readonly name = "PoolDisposedError";
  readonly retryable = false;

  constructor() {
    super("the model pool was disposed");
  }
}

/** node-llama-cpp could not start (no usable prebuilt binary for this machine). */
export class LlamaRuntimeError extends PoolError {
  override readonly name = "LlamaRuntimeError";
  readonly retryable = false;
}
