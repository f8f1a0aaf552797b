import type { ModelPlan, PoolPlan } from "../pool/index.ts";
import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";
import { formatBytes, formatInteger } from "./format-bytes.ts";
import type { HardwarePlan, ModelRoom } from "./plan-hardware.ts";

export interface PlanCheckInput {
  readonly plan: HardwarePlan;
  readonly poolFile: string;
  /** Models whose memory could not be estimated (file unreadable or estimator failed). */
  readonly unestimated: readonly string[];
}

/** The hardware plan as doctor lines: one per model, then the total against the budget. */
export function checkPlan(input: PlanCheckInput): DoctorCheck[] {
  const { plan, poolFile } = input;
  const lines: DoctorCheck[] = [];
  if (plan.fits) {
    for (const model of plan.plan.models) {
      const room = plan.rooms.find((r) => r.name === model.name);
      lines.push(createOk("plan", model.name, `${describeModelPlan(model)}; ${describeRoom(model, room)}`));
    }
    lines.push(createOk("plan", "total", describeTotal(plan.plan)));
  } else {
    const { refusal, machine } = plan;
    const room = plan.rooms.find((r) => r.name === refusal.model);
    lines.push(
      createProblem(
        "fail",
        "plan",
        refusal.model ?? "pool",
        refusal.message,
        room === undefined ? `Lower instances or contextSize in ${poolFile}.` : suggestFit(room, poolFile),
      ),
    );
    const resource = refusal.resource === "ram" ? "RAM" : "VRAM";
    const free = refusal.resource === "ram" ? machine.freeRamBytes : machine.freeVramBytes;
    lines.push(
      createProblem(
        "fail",
        "plan",
        "total",
        `the pool does not fit: ${formatBytes(refusal.requiredBytes)} of ${resource} needed where ${formatBytes(refusal.availableBytes)} is left (${formatBytes(free)} free); Quorum would refuse to start`,
        `Change ${poolFile} as suggested above, free memory, or use smaller quantisations.`,
      ),
    );
  }
  for (const name of input.unestimated) {
    lines.push(
      createProblem(
        "warn",
        "plan",
        name,
        "not planned: its memory could not be estimated (see the model line above)",
        "Fix the model file; the plan needs its GGUF header.",
      ),
    );
  }
  return lines;
}

function describeModelPlan(model: ModelPlan): string {
  const kvPerToken = model.contextSize > 0 ? model.perInstanceBytes / model.contextSize : 0;
  const buffers = `buffers ${formatBytes(model.contextFixedBytes)}${model.contexts > 1 ? ` × ${model.contexts} contexts` : ""}`;
  const gpu =
    model.gpuLayers > 0
      ? `, ${formatBytes(model.totalVramBytes)} VRAM with ${model.gpuLayers}/${model.totalLayers} layers on the GPU`
      : "";
  const weights = formatBytes(model.weightsRamBytes + model.weightsVramBytes);
  return (
    `${model.instances} × ${formatInteger(model.contextSize)} tokens: ${formatBytes(model.totalRamBytes)} RAM` +
    ` (weights ${weights}, ${buffers}, KV cache ${formatBytes(model.perInstanceBytes)} per instance = ${formatBytes(kvPerToken)}/token)${gpu}`
  );
}

function describeRoom(model: ModelPlan, room: ModelRoom | undefined): string {
  if (room === undefined) return "room not measured";
  const instances = `room for ${room.maxInstances}${room.maxInstances === 64 ? " (the maximum)" : ""} instances at ${formatInteger(model.contextSize)} tokens`;
  const context =
    room.maxContextSize === 0
      ? `no context size fits ${model.instances} instances`
      : `${model.instances} at up to ${formatInteger(room.maxContextSize)} tokens (limited by ${room.contextLimitedBy})`;
  return `${instances}, or ${context}`;
}

function describeTotal(plan: PoolPlan): string {
  const { machine } = plan;
  const ram = `${formatBytes(plan.totalRamBytes)} of ${formatBytes(plan.ramBudgetBytes)} RAM (${formatBytes(machine.freeRamBytes)} free − ${formatBytes(machine.reserveRamBytes)} reserveMemoryMb)`;
  const vram =
    machine.gpu === false
      ? ""
      : `, ${formatBytes(plan.totalVramBytes)} of ${formatBytes(plan.vramBudgetBytes)} VRAM`;
  return `the pool needs ${ram}${vram}`;
}

function suggestFit(room: ModelRoom, poolFile: string): string {
  const options: string[] = [];
  if (room.maxInstances >= 1) options.push(`instances: ${room.maxInstances}`);
  if (room.maxContextSize >= 256) options.push(`contextSize: ${room.maxContextSize}`);
  if (options.length === 0) {
    return `Not even one instance of "${room.name}" fits next to the rest of the pool: use a smaller model or quantisation, or remove other models from ${poolFile}.`;
  }
  return `In ${poolFile}, give "${room.name}" ${options.join(", or (keeping its instances) ")}.`;
}
