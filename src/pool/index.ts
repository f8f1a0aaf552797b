export type {
  CompletionRequest,
  CompletionResult,
  JsonSchema,
  ModelPool,
  PoolMemberInfo,
  Priority,
  StopReason,
} from "./model-pool.ts";
export { createLlamaPool } from "./create-llama-pool.ts";
export type { LlamaPool, LlamaPoolOptions } from "./create-llama-pool.ts";
export { createScriptedPool } from "./create-scripted-pool.ts";
export type { ScriptedPool, ScriptedPoolOptions, ScriptedResponder } from "./create-scripted-pool.ts";
export { describePoolPlan } from "./describe-pool-plan.ts";
export type { PoolPlanReport, PlannedLocalModel, PlannedRemoteModel } from "./describe-pool-plan.ts";
export { LeaseScheduler } from "./lease-scheduler.ts";
export type { LeasePolicy, LeaseRequest, LeaseSchedulerOptions } from "./lease-scheduler.ts";
export { loadPoolConfig } from "./load-pool-config.ts";
export { median } from "./median.ts";
export { formatBytes, planPool, settleThreads } from "./plan-pool.ts";
export type {
  ContextCost,
  MachineFacts,
  ModelFacts,
  ModelPlan,
  ModelRequest,
  PlanOptions,
  PoolPlan,
} from "./plan-pool.ts";
export { PoolConfigError } from "./pool-config-error.ts";
export type { PoolConfigIssue } from "./pool-config-error.ts";
export { pickMember } from "./pick-member.ts";
export type { MemberLoad } from "./pick-member.ts";
export { queueWaitBuckets } from "./pool-metrics.ts";
export type { MemberMetrics, PoolMetricsSnapshot, QueueWaitHistogram } from "./pool-metrics.ts";
export { RunBudget } from "./run-budget.ts";
export type { RunBudgetOptions } from "./run-budget.ts";
export type { ThreadCalibration } from "./calibrate-threads.ts";
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
  PoolPlanError,
  RemoteMemberError,
  RunBudgetExceededError,
} from "./pool-errors.ts";
export { renderPoolPlan } from "./render-pool-plan.ts";
export { normaliseQuantisation } from "./pick-quantised-file.ts";
export { contextSizesToSample, estimateModelCosts, readQuantisation } from "./read-model-facts.ts";
export type { ModelCosts } from "./read-model-facts.ts";
