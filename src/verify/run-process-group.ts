import { spawn } from "node:child_process";
import { CappedOutput } from "./capped-output.ts";
import { SandboxRunError } from "./sandbox-errors.ts";

export interface ProcessGroupRequest {
  /** Absolute path of the program, then its arguments. */
  readonly argv: readonly [string, ...string[]];
  readonly cwd: string;
  /** The complete environment; nothing is inherited. */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly outputBytes: number;
  readonly signal?: AbortSignal | undefined;
}

export interface ProcessGroupResult {
  /** The exit code, or null when the process was ended by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Killed because the time limit ran out. */
  readonly timedOut: boolean;
  /** Killed because the caller aborted. */
  readonly cancelled: boolean;
  /** stdout and stderr interleaved as they arrived, capped (see `CappedOutput`). */
  readonly output: string;
  readonly outputBytes: number;
  readonly outputTruncated: boolean;
  readonly durationMs: number;
}

/** After the main process exits, how long its pipes may stay open before the group is killed. */
const drainGraceMs = 2000;

/**
 * Runs a program as the leader of a new process group with stdin closed, and kills the whole group
 * with SIGKILL when the time limit runs out, the caller aborts, or the leader exits (so nothing it
 * started outlives it). Inside a PID namespace, killing the leader ends the namespace as well.
 */
export function runProcessGroup(request: ProcessGroupRequest): Promise<ProcessGroupResult> {
  const startedAt = performance.now();
  const output = new CappedOutput(request.outputBytes);
  const [program, ...args] = request.argv;
  return new Promise((resolve, reject) => {
    let timedOut = false;
    let cancelled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let drainTimer: NodeJS.Timeout | undefined;

    const child = spawn(program, args, {
      cwd: request.cwd,
      env: request.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });

    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, request.timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      killGroup();
    };
    if (request.signal?.aborted === true) onAbort();
    else request.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      killGroup();
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, drainGraceMs);
    });
    child.once("error", (error) => {
      cleanUp();
      reject(new SandboxRunError(`could not start ${program}`, { cause: error }));
    });
    child.once("close", (code, signal) => {
      cleanUp();
      resolve({
        exitCode: exit?.code ?? code,
        signal: exit?.signal ?? signal,
        timedOut,
        cancelled,
        output: output.text(),
        outputBytes: output.totalBytes,
        outputTruncated: output.truncated,
        durationMs: Math.round(performance.now() - startedAt),
      });
    });

    function cleanUp(): void {
      clearTimeout(timer);
      if (drainTimer !== undefined) clearTimeout(drainTimer);
      request.signal?.removeEventListener("abort", onAbort);
    }
  });
}
