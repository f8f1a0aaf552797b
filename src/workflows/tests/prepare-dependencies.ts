import type { Logger } from "pino";
import {
  planDependencyInstall,
  runInWorktree,
  type DependencyInstall,
  type Sandbox,
  type SandboxLimits,
  type VerificationStep,
  type Workspace,
} from "../../verify/index.ts";

export interface PreparedDependencies {
  /** Install before each run: the dependencies could be installed once. Undefined otherwise. */
  readonly install: DependencyInstall | undefined;
  /** The trial install, for the verification log; undefined when nothing was installed. */
  readonly step: VerificationStep | undefined;
  /** Set when the repository declares dependencies that the runs will not have: why. */
  readonly missing: string | undefined;
}

export interface PrepareDependenciesInput {
  readonly workspace: Workspace;
  readonly sandbox: Sandbox;
  readonly sha: string;
  readonly paths: readonly string[];
  readonly packageJson: string | undefined;
  /** The operator's registry (`QUORUM_INSTALL_REGISTRY`); undefined: installs have no network. */
  readonly registry: string | undefined;
  readonly limits: Partial<SandboxLimits>;
  readonly signal: AbortSignal | undefined;
  readonly logger: Logger;
}

/**
 * Decides whether runs need a dependency install and tries it once on `sha`, in the sandbox. When
 * it fails (with no network it fails fast), later runs go without dependencies and the result says
 * so, instead of every test being discarded for a reason nobody sees.
 */
export async function prepareDependencies(input: PrepareDependenciesInput): Promise<PreparedDependencies> {
  const plan = planDependencyInstall(input.paths, input.packageJson);
  if (plan.kind === "none") return { install: undefined, step: undefined, missing: undefined };
  if (plan.kind === "unsupported") {
    input.logger.info({ why: plan.why }, "dependencies not installed");
    return { install: undefined, step: undefined, missing: `dependencies were not installed: ${plan.why}` };
  }
  const install: DependencyInstall = { plan, registry: input.registry };
  const [step] = await runInWorktree({
    workspace: input.workspace,
    sandbox: input.sandbox,
    sha: input.sha,
    files: [],
    install,
    commands: [],
    limits: input.limits,
    signal: input.signal,
  });
  if (step?.ok === true) return { install, step, missing: undefined };
  const why =
    input.registry === undefined
      ? `\`${plan.display}\` failed: the sandbox has no network, and the operator has allowed no package registry (QUORUM_INSTALL_REGISTRY)`
      : `\`${plan.display}\` failed with only ${new URL(input.registry).origin} reachable`;
  input.logger.warn({ why, registry: input.registry !== undefined }, "dependencies could not be installed");
  return { install: undefined, step, missing: `dependencies could not be installed: ${why}` };
}
