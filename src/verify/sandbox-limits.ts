import { SandboxRequestError } from "./sandbox-errors.ts";

/** Resource limits of one sandboxed run. rlimits apply per process, except `processes` (per user). */
export interface SandboxLimits {
  /** Wall-clock limit; when it runs out the whole process tree is killed. Default: 600_000 (10 minutes). */
  readonly timeoutMs: number;
  /** RLIMIT_CPU, CPU seconds per process. Default: the time limit in seconds, plus 5. */
  readonly cpuSeconds: number;
  /** RLIMIT_AS, address space per process in bytes. Default: 4 GiB (Node.js and Go start under it). */
  readonly memoryBytes: number;
  /** RLIMIT_NPROC, processes and threads of the sandbox user at once. Default: 512. */
  readonly processes: number;
  /** RLIMIT_FSIZE, largest file a process may write, in bytes. Default: 256 MiB. */
  readonly fileSizeBytes: number;
  /** RLIMIT_NOFILE, open files per process. Default: 4096. */
  readonly openFiles: number;
  /** Output (stdout and stderr together) kept from a run, in bytes; the middle is dropped. Default: 1 MiB. */
  readonly outputBytes: number;
}

export const defaultSandboxLimits: SandboxLimits = {
  timeoutMs: 600_000,
  cpuSeconds: 605,
  memoryBytes: 4 * 1024 ** 3,
  processes: 512,
  fileSizeBytes: 256 * 1024 ** 2,
  openFiles: 4096,
  outputBytes: 1024 ** 2,
};

/** Fills in defaults; an explicit time limit also moves the CPU default with it. */
export function resolveSandboxLimits(overrides: Partial<SandboxLimits> = {}): SandboxLimits {
  const timeoutMs = overrides.timeoutMs ?? defaultSandboxLimits.timeoutMs;
  const limits: SandboxLimits = {
    ...defaultSandboxLimits,
    cpuSeconds: Math.ceil(timeoutMs / 1000) + 5,
    ...stripUndefined(overrides),
    timeoutMs,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new SandboxRequestError(`sandbox limit ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return limits;
}

/** Callers spread optional settings, so keys may be present with the value `undefined`. */
function stripUndefined(values: Partial<SandboxLimits>): Partial<SandboxLimits> {
  const entries: [string, unknown][] = Object.entries(values);
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}
