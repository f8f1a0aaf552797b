import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";
import { formatBytes, formatInteger } from "./format-bytes.ts";
import { memoryReserveBytes, type HardwarePlan, type ModelPlan } from "./plan-hardware.ts";

export interface PlanCheckInput {
  readonly plan: HardwarePlan;
  readonly poolFile: string;
  /** Per model: KV cache bytes per token, shown so the numbers can be checked by hand. */
  readonly kvBytesPerToken: ReadonlyMap<string, number>;
  /** Models whose memory could not be estimated (file unreadable or estimator failed). */
  readonly unestimated: readonly string[];
}

/** The hardware plan as doctor lines: one per model, then the total against the budget. */
export function checkPlan(input: PlanCheckInput): DoctorCheck[] {
  const { plan, poolFile } = input;
  const lines = plan.models.map((model) => checkModelPlan(model, input));
  for (const name of input.unestimated) {
    lines.push(
      createProblem(
        "warn",
        "plan",
        name,
        "memory not estimated (see the model line above)",
        "Fix the model file; the plan needs its GGUF header.",
      ),
    );
  }
  const budget = `${formatBytes(plan.budgetBytes)} (available memory − ${formatBytes(memoryReserveBytes)} reserve)`;
  if (plan.fits) {
    const share = plan.budgetBytes > 0 ? plan.neededBytes / plan.budgetBytes : 1;
    lines.push(
      createOk(
        "plan",
        "total",
        `the pool needs ~${formatBytes(plan.neededBytes)} of ${budget}, ${Math.round(share * 100)}%`,
      ),
    );
  } else {
    lines.push(
      createProblem(
        "fail",
        "plan",
        "total",
        `the pool needs ~${formatBytes(plan.neededBytes)} but the budget is ${budget}`,
        `Lower instances or contextSize in ${poolFile} as suggested per model above, or use smaller quantisations.`,
      ),
    );
  }
  return lines;
}

function checkModelPlan(model: ModelPlan, input: PlanCheckInput): DoctorCheck {
  const kv = input.kvBytesPerToken.get(model.name) ?? 0;
  const configured = `${model.instances} × ${formatInteger(model.contextSize)} tokens need ~${formatBytes(model.neededBytes)} (KV cache ${formatBytes(kv)}/token)`;
  const byInstances = `room for ${model.maxInstances}${model.maxInstances === 64 ? " (the maximum)" : ""} instances at ${formatInteger(model.contextSize)} tokens`;
  const byContext =
    model.maxContextSize === 0
      ? `no context size fits ${model.instances} instances`
      : `${model.instances} at up to ${formatInteger(model.maxContextSize)} tokens (limited by ${model.contextLimitedBy})`;
  const room = `${byInstances}, or ${byContext}`;
  if (model.maxInstances >= model.instances) return createOk("plan", model.name, `${configured}; ${room}`);
  return createProblem(
    "fail",
    "plan",
    model.name,
    `${configured}; ${room}`,
    suggestFit(model, input.poolFile),
  );
}

function suggestFit(model: ModelPlan, poolFile: string): string {
  const options: string[] = [];
  if (model.maxInstances >= 1) options.push(`instances: ${model.maxInstances}`);
  if (model.maxContextSize >= 256) {
    options.push(`instances: ${model.instances} with contextSize: ${model.maxContextSize}`);
  }
  if (options.length === 0) {
    return `Not even one instance of "${model.name}" fits next to the rest of the pool: use a smaller model or quantisation, or remove other models from ${poolFile}.`;
  }
  return `In ${poolFile}, give "${model.name}" ${options.join(", or ")}.`;
}
