import type { SandboxMechanism } from "./build-launch-argv.ts";
import type { SandboxLimits } from "./sandbox-limits.ts";

export interface SandboxRunRequest {
  /** Program (looked up in the sandbox's PATH) and arguments, e.g. `["npm", "test"]`. */
  readonly command: readonly [string, ...string[]];
  /** Absolute working directory, normally a worktree. */
  readonly cwd: string;
  /**
   * Absolute directories the command may write. Default: `[cwd]`. When Quorum runs as root they
   * are handed to the run's throwaway user, so afterwards treat them as untrusted: read nothing
   * back that matters and run no git command in them; dispose them.
   */
  readonly writableDirs?: readonly string[] | undefined;
  /** Variables Quorum's own code adds (never values taken from the repository or its config). */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /**
   * Let the command reach one package registry, and nothing else, through a filtering proxy
   * (package managers find it through their proxy settings). Only for dependency installs, never
   * for repository code. Default: no network at all.
   */
  readonly network?: { readonly registry: string } | undefined;
  /** Overrides of the sandbox's default limits for this run. */
  readonly limits?: Partial<SandboxLimits> | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface SandboxRunResult {
  /** Exit code, or null when a signal ended the process. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Killed at the time limit. */
  readonly timedOut: boolean;
  /** Killed because the caller aborted. */
  readonly cancelled: boolean;
  /** Exit code 0 within the time limit. */
  readonly passed: boolean;
  /** stdout and stderr interleaved; beyond the cap the middle is replaced by a marker. */
  readonly output: string;
  readonly outputBytes: number;
  readonly outputTruncated: boolean;
  readonly durationMs: number;
  readonly mechanism: SandboxMechanism;
  /** The uid the command ran as outside any namespace; undefined when it ran as Quorum's own user. */
  readonly uid: number | undefined;
  readonly limits: SandboxLimits;
}

/** Runs repository code isolated. Created by `createSandbox`, which checks the isolation first. */
export interface Sandbox {
  readonly mechanism: SandboxMechanism;
  /** False only under the operator override `QUORUM_SANDBOX=off`. */
  readonly isolated: boolean;
  /** One line for logs and verification reports, e.g. `unshare (no network, uid drop, rlimits)`. */
  readonly description: string;
  readonly limits: SandboxLimits;
  run(request: SandboxRunRequest): Promise<SandboxRunResult>;
}
