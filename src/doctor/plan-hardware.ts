import {
  planPool,
  PoolPlanError,
  type MachineFacts,
  type ModelFacts,
  type ModelRequest,
  type PoolPlan,
} from "../pool/index.ts";

/** The pool file's limits (`poolModelSchema`). */
const maxInstances = 64;
const maxContextSize = 131_072;
const contextStep = 256;

export interface PlanModelInput {
  readonly request: ModelRequest;
  readonly facts: ModelFacts;
}

/** How far one model could go on this machine, the other models as configured. */
export interface ModelRoom {
  readonly name: string;
  /** Most instances at the configured context size; 0 when not even one fits. */
  readonly maxInstances: number;
  /** Largest context size (a multiple of 256) for the configured instances; 0 when 256 does not fit. */
  readonly maxContextSize: number;
  /** What bounds `maxContextSize`: memory, the model's trained context, or the pool file's maximum. */
  readonly contextLimitedBy: "memory" | "trained context" | "pool file maximum";
}

export type HardwarePlan =
  | { readonly fits: true; readonly plan: PoolPlan; readonly rooms: readonly ModelRoom[] }
  | {
      readonly fits: false;
      readonly machine: MachineFacts;
      /** The pool's own refusal, as `createLlamaPool` would throw it at start-up. */
      readonly refusal: {
        readonly model: string | undefined;
        readonly resource: "ram" | "vram";
        readonly requiredBytes: number;
        readonly availableBytes: number;
        readonly message: string;
      };
      readonly rooms: readonly ModelRoom[];
    };

/**
 * The pool's own memory planner (`planPool`, what `createLlamaPool` follows at start-up) on this
 * machine's facts, plus how far each model could be pushed: found by asking the same planner,
 * so the doctor never disagrees with the pool about what fits.
 */
export function planHardware(machine: MachineFacts, models: readonly PlanModelInput[]): HardwarePlan {
  const requests = models.map((m) => m.request);
  const facts = models.map((m) => m.facts);
  const rooms = models.map((model, index) => measureRoom(machine, requests, facts, index, model.facts));
  const attempt = tryPlan(machine, requests, facts);
  if (attempt instanceof PoolPlanError) {
    return {
      fits: false,
      machine,
      refusal: {
        model: attempt.model,
        resource: attempt.resource,
        requiredBytes: attempt.requiredBytes,
        availableBytes: attempt.availableBytes,
        message: attempt.message,
      },
      rooms,
    };
  }
  return { fits: true, plan: attempt, rooms };
}

function measureRoom(
  machine: MachineFacts,
  requests: readonly ModelRequest[],
  facts: readonly ModelFacts[],
  index: number,
  fact: ModelFacts,
): ModelRoom {
  const request = requests[index];
  if (request === undefined) throw new Error(`no request at ${index}`);
  const fitsWith = (change: Partial<ModelRequest>): boolean =>
    !(tryPlan(machine, requests.with(index, { ...request, ...change }), facts) instanceof PoolPlanError);

  const instances = findLargest(1, maxInstances, (n) => fitsWith({ instances: n }));
  const contextLimit = Math.min(maxContextSize, fact.trainContextSize ?? maxContextSize);
  const steps = Math.floor(contextLimit / contextStep);
  const contextSteps = findLargest(1, steps, (s) => fitsWith({ contextSize: s * contextStep }));
  return {
    name: request.name,
    maxInstances: instances,
    maxContextSize: contextSteps * contextStep,
    contextLimitedBy:
      contextSteps < steps
        ? "memory"
        : fact.trainContextSize !== undefined && fact.trainContextSize < maxContextSize
          ? "trained context"
          : "pool file maximum",
  };
}

/** Binary search for the largest value in [low, high] that `fits` (which must be monotone); low − 1 if none. */
function findLargest(low: number, high: number, fits: (value: number) => boolean): number {
  let best = low - 1;
  let lo = low;
  let hi = high;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

function tryPlan(
  machine: MachineFacts,
  requests: readonly ModelRequest[],
  facts: readonly ModelFacts[],
): PoolPlan | PoolPlanError {
  try {
    return planPool(machine, requests, facts);
  } catch (error) {
    if (error instanceof PoolPlanError) return error;
    throw error;
  }
}
