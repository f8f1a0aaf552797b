export type {
  CompletionRequest,
  CompletionResult,
  JsonSchema,
  ModelPool,
  PoolMemberInfo,
  StopReason,
} from "./model-pool.ts";
export { createLlamaPool } from "./create-llama-pool.ts";
export type { LlamaPoolOptions } from "./create-llama-pool.ts";
export { createScriptedPool } from "./create-scripted-pool.ts";
export type { ScriptedPool, ScriptedPoolOptions, ScriptedResponder } from "./create-scripted-pool.ts";
export { loadPoolConfig } from "./load-pool-config.ts";
export { PoolConfigError } from "./pool-config-error.ts";
export type { PoolConfigIssue } from "./pool-config-error.ts";
export { pickMember } from "./pick-member.ts";
export type { MemberLoad } from "./pick-member.ts";
export {
  LlamaRuntimeError,
  ModelCancelledError,
  ModelGenerationError,
  ModelLoadError,
  ModelRequestError,
  ModelTimeoutError,
  NoModelForRoleError,
  PoolDisposedError,
  PoolError,
} from "./pool-errors.ts";
