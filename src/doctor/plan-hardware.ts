import type { HardwareFacts, ModelMemoryFacts } from "./doctor-probes.ts";

/** Left for Quorum's own Node process, Redis and the page cache of everything else. */
export const memoryReserveBytes = 512 * 1024 * 1024;
/** The pool file's limits (`poolModelSchema`). */
const maxInstances = 64;
const maxContextSize = 131_072;
const contextStep = 256;

export interface PlanModelInput {
  readonly name: string;
  readonly instances: number;
  readonly contextSize: number;
  readonly trainContextSize?: number;
  readonly memory: ModelMemoryFacts;
}

export interface ModelPlan {
  readonly name: string;
  readonly instances: number;
  readonly contextSize: number;
  /** Weights + context overhead + KV cache for the configured instances and context size. */
  readonly neededBytes: number;
  /** Most instances at the configured context size, the other models as configured. 0: not even one. */
  readonly maxInstances: number;
  /** Largest context size (multiple of 256) for the configured instances; 0 when 256 does not fit. */
  readonly maxContextSize: number;
  /** What bounds `maxContextSize`: memory, the model's trained context, or the pool file's maximum. */
  readonly contextLimitedBy: "memory" | "trained context" | "pool file maximum";
}

export interface HardwarePlan {
  /** Available RAM (+ free VRAM when llama.cpp has a GPU) minus `memoryReserveBytes`. */
  readonly budgetBytes: number;
  readonly neededBytes: number;
  readonly fits: boolean;
  readonly models: readonly ModelPlan[];
}

/**
 * How much of the pool the machine holds. Every model's weights are loaded once; each instance adds
 * `contextSize × kvBytesPerToken` of KV cache. A model's limits are computed with the other models
 * as configured, since they share one memory budget.
 */
export function planHardware(hardware: HardwareFacts, models: readonly PlanModelInput[]): HardwarePlan {
  const gpuBytes = hardware.gpu !== false && hardware.gpu !== null ? (hardware.vram?.freeBytes ?? 0) : 0;
  const budgetBytes = Math.max(0, hardware.availableRamBytes + gpuBytes - memoryReserveBytes);
  const fixedBytes = models.reduce(
    (sum, m) => sum + m.memory.weightsBytes + m.memory.contextOverheadBytes,
    0,
  );
  const kvOf = (m: PlanModelInput): number => m.instances * m.contextSize * m.memory.kvBytesPerToken;
  const totalKv = models.reduce((sum, m) => sum + kvOf(m), 0);
  const neededBytes = fixedBytes + totalKv;

  const plans = models.map((model): ModelPlan => {
    const roomForKv = budgetBytes - fixedBytes - (totalKv - kvOf(model));
    const perToken = Math.max(1, model.memory.kvBytesPerToken);
    const instances = clamp(Math.floor(roomForKv / (model.contextSize * perToken)), 0, maxInstances);
    const contextLimit = Math.min(maxContextSize, model.trainContextSize ?? maxContextSize);
    const byMemory = Math.floor(roomForKv / (model.instances * perToken) / contextStep) * contextStep;
    const contextSize = clamp(byMemory, 0, Math.floor(contextLimit / contextStep) * contextStep);
    return {
      name: model.name,
      instances: model.instances,
      contextSize: model.contextSize,
      neededBytes: model.memory.weightsBytes + model.memory.contextOverheadBytes + kvOf(model),
      maxInstances: instances,
      maxContextSize: contextSize < contextStep ? 0 : contextSize,
      contextLimitedBy:
        byMemory <= contextLimit
          ? "memory"
          : model.trainContextSize !== undefined && model.trainContextSize < maxContextSize
            ? "trained context"
            : "pool file maximum",
    };
  });
  return { budgetBytes, neededBytes, fits: neededBytes <= budgetBytes, models: plans };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
