import { availableParallelism, freemem, totalmem } from "node:os";
import type { Llama } from "node-llama-cpp";
import type { MachineFacts } from "./plan-pool.ts";

/**
 * The machine as the planner sees it: cores the process may use, free RAM (capped by a container's
 * memory limit, minus what this process already holds of it) and free VRAM.
 */
export async function readMachineFacts(llama: Llama, reserveRamBytes: number): Promise<MachineFacts> {
  const totalRam = totalmem();
  let freeRam = freemem();
  // In a container, the cgroup limit is what counts; Node reports it (0 or a huge number when unlimited).
  const constrained = process.constrainedMemory();
  if (constrained > 0 && constrained < totalRam) {
    freeRam = Math.min(freeRam, Math.max(0, constrained - process.memoryUsage.rss()));
  }
  const vram = llama.gpu === false ? { free: 0 } : await llama.getVramState();
  return {
    cores: availableParallelism(),
    totalRamBytes: totalRam,
    freeRamBytes: freeRam,
    reserveRamBytes,
    gpu: llama.gpu,
    freeVramBytes: vram.free,
  };
}
