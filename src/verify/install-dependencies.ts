import type { DependencyInstallPlan } from "./plan-dependency-install.ts";
import type { Sandbox } from "./sandbox.ts";
import { RegistryNetworkUnavailableError } from "./sandbox-errors.ts";
import type { SandboxLimits } from "./sandbox-limits.ts";
import { refusedStep, stepFromRun, type VerificationStep } from "./verification-log.ts";

export interface DependencyInstall {
  readonly plan: Extract<DependencyInstallPlan, { kind: "install" }>;
  /**
   * The package registry the install may reach (the operator's `QUORUM_INSTALL_REGISTRY`), and
   * nothing else. Undefined: no network at all, so only an install that needs no download works.
   */
  readonly registry?: string | undefined;
}

export interface InstallDependenciesInput {
  readonly sandbox: Sandbox;
  /** The worktree to install into. */
  readonly dir: string;
  readonly install: DependencyInstall;
  readonly limits?: Partial<SandboxLimits> | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Installs a worktree's dependencies as a sandboxed step of its own: no install scripts, and the
 * network either off or limited to the operator's registry. Returns the step for the verification
 * log; it is not ok when the dependencies could not be installed.
 */
export async function installDependencies(input: InstallDependenciesInput): Promise<VerificationStep> {
  const { plan, registry } = input.install;
  const name =
    registry === undefined
      ? "install dependencies (no network: no registry allowed by the operator)"
      : `install dependencies (network: ${new URL(registry).origin} only)`;
  try {
    const result = await input.sandbox.run({
      command: plan.argv,
      cwd: input.dir,
      network: registry === undefined ? undefined : { registry },
      limits: input.limits,
      signal: input.signal,
    });
    return stepFromRun(name, plan.display, "pass", result, input.dir);
  } catch (error) {
    if (!(error instanceof RegistryNetworkUnavailableError)) throw error;
    return refusedStep(name, [`dependencies could not be installed: ${error.message}`]);
  }
}
