import { countTestsRun } from "./count-tests-run.ts";
import type { TestFramework } from "./detect-test-command.ts";
import { installDependencies, type DependencyInstall } from "./install-dependencies.ts";
import type { Workspace } from "./open-workspace.ts";
import type { PatchedFile } from "./patch.ts";
import type { Sandbox } from "./sandbox.ts";
import type { SandboxLimits } from "./sandbox-limits.ts";
import { stepFromRun, type Expectation, type VerificationStep } from "./verification-log.ts";
import { withWorktree } from "./with-worktree.ts";

export interface WorktreeCommand {
  readonly name: string;
  readonly argv: readonly [string, ...string[]];
  readonly expected: Expectation;
  /**
   * Read the tests the runner reports into the step's `tests` (see `countTestsRun`); `newFile` is
   * the new test file the run includes. Default: not counted.
   */
  readonly countTests?:
    { readonly framework: TestFramework; readonly newFile?: string | undefined } | undefined;
}

export interface RunInWorktreeInput {
  readonly workspace: Workspace;
  readonly sandbox: Sandbox;
  readonly sha: string;
  /** Files written over the checkout before anything runs (a patch, a new test). */
  readonly files: readonly Pick<PatchedFile, "path" | "after" | "mode">[];
  /**
   * Installs the repository's dependencies first, as a sandboxed step of its own (the only one
   * that may reach the network, and only the operator's registry). Default: no install.
   */
  readonly install?: DependencyInstall | undefined;
  /** Run in order; the first whose outcome is not the expected one ends the run. */
  readonly commands: readonly WorktreeCommand[];
  readonly limits?: Partial<SandboxLimits> | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Checks out `sha` in a fresh worktree, writes `files`, installs dependencies when asked, runs
 * `commands` in the sandbox and disposes the worktree, whatever happens. A failed install ends the
 * run like a failed command.
 */
export async function runInWorktree(input: RunInWorktreeInput): Promise<VerificationStep[]> {
  return withWorktree(input.workspace, input.sha, input.files, async (worktree) => {
    const steps: VerificationStep[] = [];
    if (input.install !== undefined) {
      const installed = await installDependencies({ ...input, install: input.install, dir: worktree.dir });
      steps.push(installed);
      if (!installed.ok) return steps;
    }
    for (const command of input.commands) {
      const result = await input.sandbox.run({
        command: command.argv,
        cwd: worktree.dir,
        limits: input.limits,
        signal: input.signal,
      });
      const step = stepFromRun(command.name, command.argv.join(" "), command.expected, result, worktree.dir);
      const count = command.countTests;
      steps.push(
        count === undefined
          ? step
          : { ...step, tests: countTestsRun(count.framework, result.output, count.newFile) },
      );
      if (result.cancelled || !step.ok) break;
    }
    return steps;
  });
}
