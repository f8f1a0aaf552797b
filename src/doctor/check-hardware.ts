import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";
import type { HardwareFacts } from "./doctor-probes.ts";
import { formatBytes } from "./format-bytes.ts";

export function checkHardware(hardware: HardwareFacts): DoctorCheck[] {
  const lines = [
    createOk(
      "hardware",
      "cpu",
      `${hardware.cores} core${hardware.cores === 1 ? "" : "s"} (${hardware.cpuModel})`,
    ),
    createOk(
      "hardware",
      "memory",
      `${formatBytes(hardware.totalRamBytes)} RAM, ${formatBytes(hardware.availableRamBytes)} available`,
    ),
  ];
  if (hardware.gpu === null) {
    lines.push(
      createProblem(
        "fail",
        "hardware",
        "llama.cpp",
        `node-llama-cpp could not start llama.cpp: ${hardware.llamaError ?? "unknown error"}`,
        "Reinstall dependencies (`npm ci`); if no prebuilt binary fits this machine, build one with `npx --no node-llama-cpp source download`.",
      ),
    );
  } else if (hardware.gpu === false) {
    lines.push(createOk("hardware", "gpu", "none used: inference runs on the CPU"));
  } else {
    const vram = hardware.vram;
    const detail =
      vram === undefined
        ? hardware.gpu
        : `${hardware.gpu}, ${formatBytes(vram.totalBytes)} VRAM, ${formatBytes(vram.freeBytes)} free`;
    lines.push(createOk("hardware", "gpu", detail));
  }
  return lines;
}
