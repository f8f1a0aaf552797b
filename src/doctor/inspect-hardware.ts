import { availableParallelism, cpus, freemem, totalmem } from "node:os";
import type { Llama } from "node-llama-cpp";
import type { HardwareFacts } from "./doctor-probes.ts";

/** Cores, RAM (capped by a container's limit) and what llama.cpp sees of the GPU. */
export async function inspectHardware(llama: Llama | { readonly error: string }): Promise<HardwareFacts> {
  const totalRamBytes = totalmem();
  const limit = process.constrainedMemory();
  // Unconstrained processes report a huge sentinel value; only a real cgroup limit lowers the budget.
  const availableRamBytes = limit > 0 && limit < totalRamBytes ? Math.min(freemem(), limit) : freemem();
  const base = {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown CPU",
    totalRamBytes,
    availableRamBytes,
  };
  if ("error" in llama) return { ...base, gpu: null, llamaError: llama.error };
  if (llama.gpu === false) return { ...base, gpu: false };
  const vram = await llama.getVramState();
  // On unified memory (Apple silicon) VRAM is the same RAM: counting it twice would double the budget.
  if (vram.unifiedSize > 0) return { ...base, gpu: llama.gpu };
  return { ...base, gpu: llama.gpu, vram: { totalBytes: vram.total, freeBytes: vram.free } };
}
