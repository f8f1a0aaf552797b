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
  GgufFacts,
  HardwareFacts,
  ModelFileFacts,
  ModelMemoryFacts,
  PoolFacts,
  PrivateKeyFacts,
  RedisFacts,
  SandboxFacts,
} from "./doctor-probes.ts";
export { planHardware, memoryReserveBytes } from "./plan-hardware.ts";
export type { HardwarePlan, ModelPlan, PlanModelInput } from "./plan-hardware.ts";
export { checkCredentials } from "./check-credentials.ts";
export { checkModelFile } from "./check-model-file.ts";
export { checkNode, minimumNodeVersion } from "./check-node.ts";
export { checkPlan } from "./check-plan.ts";
export { checkRedis } from "./check-redis.ts";
export { checkSandbox } from "./check-sandbox.ts";
export { checkWebhook } from "./check-webhook.ts";
