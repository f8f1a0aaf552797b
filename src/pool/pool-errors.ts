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

/** The run's token or wall-time budget (`RunBudget`) is spent. Retrying within the same run cannot help. */
export class RunBudgetExceededError extends PoolError {
  override readonly name = "RunBudgetExceededError";
  readonly retryable = false;
  readonly resource: "tokens" | "time";
  readonly limit: number;

  constructor(resource: "tokens" | "time", limit: number, options?: { model?: string | undefined }) {
    super(
      resource === "tokens"
        ? `the run's budget of ${limit} tokens is spent`
        : `the run's budget of ${limit} ms of wall time is spent`,
      options,
    );
    this.resource = resource;
    this.limit = limit;
  }
}

/**
 * The pool file asks for more than this machine has (memory, VRAM), with the numbers.
 * Fixing it needs a person: fewer instances, a smaller context or a smaller model.
 */
export class PoolPlanError extends PoolError {
  override readonly name = "PoolPlanError";
  readonly retryable = false;
  /** Bytes the configuration needs and bytes available to it, for the resource that ran out. */
  readonly requiredBytes: number;
  readonly availableBytes: number;
  readonly resource: "ram" | "vram";

  constructor(
    message: string,
    options: {
      model?: string | undefined;
      resource: "ram" | "vram";
      requiredBytes: number;
      availableBytes: number;
    },
  ) {
    super(message, { model: options.model });
    this.resource = options.resource;
    this.requiredBytes = options.requiredBytes;
    this.availableBytes = options.availableBytes;
  }
}

/**
 * A remote (OpenAI-compatible) member failed: unreachable, an HTTP error, too slow, or an answer
 * that is not JSON matching the schema. The pool falls back to a local member when it has one.
 */
export class RemoteMemberError extends PoolError {
  override readonly name = "RemoteMemberError";
  readonly retryable = true;
  readonly kind: "unreachable" | "http" | "timeout" | "invalid-output";
  /** HTTP status, for `http`. */
  readonly status: number | undefined;

  constructor(
    message: string,
    options: {
      model: string;
      kind: "unreachable" | "http" | "timeout" | "invalid-output";
      status?: number | undefined;
      cause?: unknown;
    },
  ) {
    super(message, options);
    this.kind = options.kind;
    this.status = options.status;
  }
}
