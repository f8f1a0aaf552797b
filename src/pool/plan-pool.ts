import { normaliseQuantisation } from "./pick-quantised-file.ts";
import { PoolPlanError } from "./pool-errors.ts";

/** What the machine offers, in bytes. Plain numbers so the planner is a pure function. */
export interface MachineFacts {
  readonly cores: number;
  readonly totalRamBytes: number;
  /** RAM free for new allocations now (MemAvailable on Linux, or a container limit if lower). */
  readonly freeRamBytes: number;
  /** RAM the planner must leave free (pool file `reserveMemoryMb`). */
  readonly reserveRamBytes: number;
  /** GPU backend name (`cuda`, `metal`, `vulkan`), or false when llama.cpp runs on the CPU only. */
  readonly gpu: string | false;
  readonly freeVramBytes: number;
}

/** Memory of a context at one context size, per llama.cpp's estimates (node-llama-cpp `GgufInsights`). */
export interface ContextCost {
  readonly contextSize: number;
  /** Compute buffers and other per-context memory, paid once however many instances. */
  readonly fixedBytes: number;
  /** KV cache of one instance (sequence) at this context size. */
  readonly perInstanceBytes: number;
}

/** What a local model costs, from its GGUF metadata. */
export interface ModelFacts {
  readonly name: string;
  readonly totalLayers: number;
  /** The context size the model was trained on, when the file says. */
  readonly trainContextSize: number | undefined;
  /** Weights' memory with every layer on the CPU. */
  readonly weightsBytes: number;
  /** Context costs at the sizes the planner may choose, smallest first. */
  readonly contextCosts: readonly ContextCost[];
  /** The file's quantisation (`Q4_K_M`), when its header says. */
  readonly quantisation?: string | undefined;
}

/** What the pool file asks for one local model. */
export interface ModelRequest {
  readonly name: string;
  readonly instances: number | "auto";
  readonly contextSize: number | "auto";
  readonly gpuLayers: number | "auto" | "max" | undefined;
  readonly threads: number | undefined;
  /** Preferred quantisations (pool file `quantization`), best first. */
  readonly quantization?: readonly string[] | undefined;
}

export interface ModelPlan {
  readonly name: string;
  /** The file's quantisation, when its header says (`Q4_K_M`, `F32`). */
  readonly quantisation: string | undefined;
  readonly instances: number;
  readonly contextSize: number;
  readonly gpuLayers: number;
  readonly totalLayers: number;
  /** Explicit thread count, or `calibrate` when a warm-up measurement should choose. */
  readonly threads: number | "calibrate";
  /**
   * Most contexts the instances may be spread over. Each context decodes on its own, so with
   * fewer threads per decode than cores (small models) several run in parallel; each costs its
   * buffers again. The pool uses `min(contexts, cores ÷ threads)`.
   */
  readonly contexts: number;
  readonly weightsRamBytes: number;
  readonly weightsVramBytes: number;
  /** Buffers of one context, paid once per context. */
  readonly contextFixedBytes: number;
  /** What one more instance costs (its KV cache), RAM and VRAM together. */
  readonly perInstanceBytes: number;
  readonly totalRamBytes: number;
  readonly totalVramBytes: number;
  /** Why the numbers are what they are, for `quorum pool` and the start-up log. */
  readonly notes: readonly string[];
}

export interface PoolPlan {
  readonly machine: MachineFacts;
  /** RAM the plan may use: free RAM minus the reserve. */
  readonly ramBudgetBytes: number;
  readonly vramBudgetBytes: number;
  readonly models: readonly ModelPlan[];
  readonly totalRamBytes: number;
  readonly totalVramBytes: number;
}

export interface PlanOptions {
  /** Most instances `instances: auto` gives one model. Default: 8. */
  readonly maxAutoInstances?: number | undefined;
  /** Largest context `contextSize: auto` picks. Default: 4096. */
  readonly maxAutoContextSize?: number | undefined;
}

/** Auto context sizes never go below this: shorter contexts cannot hold a review prompt. */
const minAutoContextSize = 512;

/**
 * Decides, per local model, instances, context size, GPU layers and threads so that everything fits
 * in free RAM (minus the reserve) and free VRAM. Models are placed in pool-file order; explicit
 * numbers are honoured or refused with `PoolPlanError`; `auto` instances share what is left,
 * one at a time in turn, up to `maxAutoInstances` each.
 *
 * With memory to spare, a model whose decode uses fewer threads than there are cores gets up to
 * `cores ÷ threads` contexts (buffers paid per context) so that several decodes run in parallel.
 *
 * Memory model: weights, per-context buffers and per-instance KV caches are split between GPU and
 * CPU in proportion to the offloaded layers (llama.cpp keeps each layer's cache next to the layer).
 */
export function planPool(
  machine: MachineFacts,
  requests: readonly ModelRequest[],
  facts: readonly ModelFacts[],
  options: PlanOptions = {},
): PoolPlan {
  const maxAutoInstances = options.maxAutoInstances ?? 8;
  const maxAutoContextSize = options.maxAutoContextSize ?? 4096;
  const ramBudgetBytes = Math.max(0, machine.freeRamBytes - machine.reserveRamBytes);
  // llama.cpp and the driver need some VRAM of their own; 10% (at most 1 GiB) is left to them.
  const vramBudgetBytes =
    machine.gpu === false
      ? 0
      : Math.max(0, machine.freeVramBytes - Math.min(machine.freeVramBytes * 0.1, gib));

  let ramLeft = ramBudgetBytes;
  let vramLeft = vramBudgetBytes;
  const drafts: Draft[] = [];

  for (const request of requests) {
    const fact = facts.find((f) => f.name === request.name);
    if (fact === undefined) throw new Error(`no GGUF facts for model "${request.name}"`);
    const draft = placeModel(request, fact, machine, {
      machine,
      ramLeft,
      vramLeft,
      ramBudgetBytes,
      vramBudgetBytes,
      maxAutoContextSize,
    });
    ramLeft -= draft.ramBytes(draft.instances, 1);
    vramLeft -= draft.vramBytes(draft.instances, 1);
    drafts.push(draft);
  }

  // Auto instances: one more at a time, in turn, while the next one fits.
  let grew = true;
  while (grew) {
    grew = false;
    for (const draft of drafts) {
      if (!draft.auto || draft.instances >= maxAutoInstances) continue;
      const extraRam = draft.ramBytes(draft.instances + 1, 1) - draft.ramBytes(draft.instances, 1);
      const extraVram = draft.vramBytes(draft.instances + 1, 1) - draft.vramBytes(draft.instances, 1);
      if (extraRam > ramLeft || extraVram > vramLeft) continue;
      draft.instances += 1;
      ramLeft -= extraRam;
      vramLeft -= extraVram;
      grew = true;
    }
  }

  // Parallel contexts come last: instances matter more than decoding them on more cores.
  for (const draft of drafts) {
    // A model on the GPU decodes there: more CPU contexts would only cost memory.
    const wanted =
      draft.gpuLayers > 0
        ? 1
        : evenContexts(draft.instances, Math.floor(machine.cores / (draft.threads ?? 1)));
    for (let contexts = wanted; contexts > 1; contexts = evenContexts(draft.instances, contexts - 1)) {
      const extraRam = draft.ramBytes(draft.instances, contexts) - draft.ramBytes(draft.instances, 1);
      const extraVram = draft.vramBytes(draft.instances, contexts) - draft.vramBytes(draft.instances, 1);
      if (extraRam > ramLeft || extraVram > vramLeft) continue;
      draft.contexts = contexts;
      ramLeft -= extraRam;
      vramLeft -= extraVram;
      break;
    }
  }

  const models = drafts.map((d) => d.finish(maxAutoInstances));
  return {
    machine,
    ramBudgetBytes,
    vramBudgetBytes,
    models,
    totalRamBytes: models.reduce((sum, m) => sum + m.totalRamBytes, 0),
    totalVramBytes: models.reduce((sum, m) => sum + m.totalVramBytes, 0),
  };
}

interface Room {
  readonly machine: MachineFacts;
  readonly ramLeft: number;
  readonly vramLeft: number;
  readonly ramBudgetBytes: number;
  readonly vramBudgetBytes: number;
  readonly maxAutoContextSize: number;
}

interface Draft {
  readonly auto: boolean;
  /** Undefined until calibrated. */
  readonly threads: number | undefined;
  readonly gpuLayers: number;
  instances: number;
  contexts: number;
  ramBytes(instances: number, contexts: number): number;
  vramBytes(instances: number, contexts: number): number;
  finish(maxAutoInstances: number): ModelPlan;
}

function placeModel(request: ModelRequest, fact: ModelFacts, machine: MachineFacts, room: Room): Draft {
  const notes: string[] = [];
  const mismatch = describeQuantisationMismatch(request, fact);
  if (mismatch !== undefined) notes.push(mismatch);
  const auto = request.instances === "auto";
  const minInstances = request.instances === "auto" ? 1 : request.instances;
  const layers = Math.max(1, fact.totalLayers);

  const contextCandidates = resolveContextCandidates(request, fact, room.maxAutoContextSize);
  const gpuLayerCandidates = resolveGpuLayerCandidates(request, fact, machine);

  const costOf = (cost: ContextCost, gpuLayers: number) => {
    const onGpu = gpuLayers / layers;
    const onCpu = 1 - onGpu;
    const bytes = (n: number, contexts: number): number =>
      fact.weightsBytes + contexts * cost.fixedBytes + n * cost.perInstanceBytes;
    return {
      ram: (n: number, contexts = 1) => onCpu * bytes(n, contexts),
      vram: (n: number, contexts = 1) => onGpu * bytes(n, contexts),
    };
  };

  // Largest context first, then most GPU layers first: the first combination that fits wins.
  let lastRefusal: PoolPlanError | undefined;
  for (const cost of contextCandidates) {
    for (const gpuLayers of gpuLayerCandidates) {
      const { ram, vram } = costOf(cost, gpuLayers);
      if (vram(minInstances) > room.vramLeft) {
        lastRefusal = refusal(request, fact, "vram", vram(minInstances), cost, gpuLayers, minInstances, room);
        continue;
      }
      if (ram(minInstances) > room.ramLeft) {
        lastRefusal = refusal(request, fact, "ram", ram(minInstances), cost, gpuLayers, minInstances, room);
        continue;
      }
      if (request.contextSize === "auto" && cost !== contextCandidates[0]) {
        notes.push(`context shrunk to ${cost.contextSize} tokens to fit ${minInstances} instance(s)`);
      }
      if (machine.gpu === false) notes.push("no GPU: every layer runs on the CPU");
      const draft: Draft = {
        auto,
        threads: request.threads,
        gpuLayers,
        instances: minInstances,
        contexts: 1,
        ramBytes: ram,
        vramBytes: vram,
        finish(maxAutoInstances) {
          if (auto) {
            notes.push(
              draft.instances >= maxAutoInstances
                ? `instances: auto → ${draft.instances} (the most auto gives)`
                : `instances: auto → ${draft.instances} (memory allows no more)`,
            );
          }
          if (draft.contexts > 1) {
            notes.push(`up to ${draft.contexts} contexts, so small decodes run in parallel on several cores`);
          }
          const onGpu = gpuLayers / layers;
          return {
            name: request.name,
            quantisation: fact.quantisation,
            instances: draft.instances,
            contextSize: cost.contextSize,
            gpuLayers,
            totalLayers: fact.totalLayers,
            threads: request.threads ?? "calibrate",
            contexts: draft.contexts,
            weightsRamBytes: (1 - onGpu) * fact.weightsBytes,
            weightsVramBytes: onGpu * fact.weightsBytes,
            contextFixedBytes: cost.fixedBytes,
            perInstanceBytes: cost.perInstanceBytes,
            totalRamBytes: ram(draft.instances, draft.contexts),
            totalVramBytes: vram(draft.instances, draft.contexts),
            notes,
          };
        },
      };
      return draft;
    }
  }
  throw lastRefusal ?? new Error(`model "${request.name}": nothing to plan`);
}

function describeQuantisationMismatch(request: ModelRequest, fact: ModelFacts): string | undefined {
  if (request.quantization === undefined || fact.quantisation === undefined) return undefined;
  const preferred = request.quantization.map(normaliseQuantisation);
  if (preferred.includes(normaliseQuantisation(fact.quantisation))) return undefined;
  return `the file is ${fact.quantisation}, not the preferred ${preferred.join(" or ")}`;
}

function resolveContextCandidates(
  request: ModelRequest,
  fact: ModelFacts,
  maxAutoContextSize: number,
): readonly ContextCost[] {
  if (request.contextSize !== "auto") {
    const size = request.contextSize;
    return [costAt(fact, size)];
  }
  const ceiling = Math.min(fact.trainContextSize ?? maxAutoContextSize, maxAutoContextSize);
  const candidates: ContextCost[] = [];
  for (let size = ceiling; size >= minAutoContextSize; size = Math.floor(size / 2)) {
    candidates.push(costAt(fact, size));
  }
  return candidates.length > 0 ? candidates : [costAt(fact, minAutoContextSize)];
}

/** The cost at `size`: the sampled size at or above it, else scaled linearly from the largest. */
function costAt(fact: ModelFacts, size: number): ContextCost {
  const sampled = fact.contextCosts.find((c) => c.contextSize >= size);
  if (sampled !== undefined) return { ...sampled, contextSize: size };
  const largest = fact.contextCosts.at(-1);
  if (largest === undefined) throw new Error(`model "${fact.name}": no context cost samples`);
  const scale = size / largest.contextSize;
  return {
    contextSize: size,
    fixedBytes: largest.fixedBytes * scale,
    perInstanceBytes: largest.perInstanceBytes * scale,
  };
}

function resolveGpuLayerCandidates(
  request: ModelRequest,
  fact: ModelFacts,
  machine: MachineFacts,
): readonly number[] {
  const wanted = request.gpuLayers ?? "auto";
  if (machine.gpu === false) {
    if (wanted === "max" || (typeof wanted === "number" && wanted > 0)) {
      throw new PoolPlanError(
        `model "${request.name}": gpuLayers is ${String(wanted)} but llama.cpp found no usable GPU on this machine; set gpuLayers to 0 or "auto"`,
        { model: request.name, resource: "vram", requiredBytes: fact.weightsBytes, availableBytes: 0 },
      );
    }
    return [0];
  }
  if (wanted === "max") return [fact.totalLayers];
  if (typeof wanted === "number") return [Math.min(wanted, fact.totalLayers)];
  return Array.from({ length: fact.totalLayers + 1 }, (_, i) => fact.totalLayers - i);
}

function refusal(
  request: ModelRequest,
  fact: ModelFacts,
  resource: "ram" | "vram",
  requiredBytes: number,
  cost: ContextCost,
  gpuLayers: number,
  instances: number,
  room: Room,
): PoolPlanError {
  const { machine } = room;
  const parts =
    `weights ${formatBytes(fact.weightsBytes)} + buffers ${formatBytes(cost.fixedBytes)} + ` +
    `${instances} instance(s) × ${formatBytes(cost.perInstanceBytes)} at ${cost.contextSize} tokens` +
    (gpuLayers > 0 ? `, ${gpuLayers}/${fact.totalLayers} layers on the GPU` : "");
  const availableBytes = Math.max(0, resource === "ram" ? room.ramLeft : room.vramLeft);
  const usedBefore =
    resource === "ram" ? room.ramBudgetBytes - room.ramLeft : room.vramBudgetBytes - room.vramLeft;
  const budget =
    resource === "ram"
      ? `${formatBytes(machine.freeRamBytes)} free RAM − ${formatBytes(machine.reserveRamBytes)} reserve`
      : `${formatBytes(machine.freeVramBytes)} free VRAM − headroom for the driver`;
  const before = usedBefore > 0 ? ` − ${formatBytes(usedBefore)} for the models listed before it` : "";
  return new PoolPlanError(
    `model "${request.name}" needs ${formatBytes(requiredBytes)} of ${resource === "ram" ? "RAM" : "VRAM"} (${parts}) but only ${formatBytes(availableBytes)} is available (${budget}${before}); lower "instances" or "contextSize", free memory, or use a smaller model`,
    { model: request.name, resource, requiredBytes, availableBytes },
  );
}

const gib = 1024 ** 3;

/**
 * The plan once threads are known (measured at start-up): contexts drop to what
 * `cores ÷ threads` can keep busy, and the memory figures with them.
 */
export function settleThreads(plan: ModelPlan, threads: number, cores: number): ModelPlan {
  const contexts = evenContexts(plan.instances, Math.min(plan.contexts, Math.floor(cores / threads)));
  const unused = (plan.contexts - contexts) * plan.contextFixedBytes;
  const onGpu = plan.totalLayers > 0 ? plan.gpuLayers / plan.totalLayers : 0;
  return {
    ...plan,
    threads,
    contexts,
    totalRamBytes: plan.totalRamBytes - (1 - onGpu) * unused,
    totalVramBytes: plan.totalVramBytes - onGpu * unused,
  };
}

/**
 * The most contexts, at most `limit`, that split `instances` evenly. Equal contexts keep every
 * instance's state loadable into every other (llama.cpp ties a saved sequence state to its
 * context's sequence count), which prefix sharing between instances relies on.
 */
export function evenContexts(instances: number, limit: number): number {
  for (let contexts = Math.min(instances, Math.max(1, limit)); contexts > 1; contexts -= 1) {
    if (instances % contexts === 0) return contexts;
  }
  return 1;
}

/** `1.5 GiB`, `340 MiB`, `12 KiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"] as const;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}
