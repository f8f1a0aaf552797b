export { runDoctor } from "./run-doctor.ts";
export type { DoctorInput, DoctorReport } from "./run-doctor.ts";
export { createSystemProbes } from "./create-system-probes.ts";
export type { SystemProbesOptions } from "./create-system-probes.ts";
export { renderDoctorJson, renderDoctorTable } from "./render-doctor-report.ts";
export type { TableOptions } from "./render-doctor-report.ts";
export { verdicts } from "./doctor-check.ts";
export type { DoctorCheck, Verdict } from "./doctor-check.ts";
export type {
  DoctorProbes,
  EndpointFacts,
  GgufFacts,
  HardwareFacts,
  ModelFileFacts,
  ModelCostFacts,
  PoolFacts,
  PrivateKeyFacts,
  RedisFacts,
  SandboxFacts,
  SandboxSelfTest,
} from "./doctor-probes.ts";
export { planHardware } from "./plan-hardware.ts";
export type { HardwarePlan, ModelRoom, PlanModelInput } from "./plan-hardware.ts";
export { checkCredentials } from "./check-credentials.ts";
export { checkEndpoint } from "./check-endpoint.ts";
export { checkModelFile } from "./check-model-file.ts";
export { checkNode, minimumNodeVersion } from "./check-node.ts";
export { checkPlan } from "./check-plan.ts";
export { checkRedis } from "./check-redis.ts";
export { checkSandbox } from "./check-sandbox.ts";
export { checkDependencyInstall } from "./check-dependency-install.ts";
export { checkWebhook } from "./check-webhook.ts";
export { redactUrl } from "./redact-url.ts";
export { inspectRedis } from "./inspect-redis.ts";
export { openRedisProbe } from "./open-redis-probe.ts";
export { pingRedis } from "./ping-redis.ts";
