import type { Workspace } from "./open-workspace.ts";
import type { PatchedFile } from "./patch.ts";
import type { Sandbox } from "./sandbox.ts";
import type { SandboxLimits } from "./sandbox-limits.ts";
import { stepFromRun, type Expectation, type VerificationStep } from "./verification-log.ts";
import { writePatchedFiles } from "./write-patched-files.ts";

export interface WorktreeCommand {
  readonly name: string;
  readonly argv: readonly [string, ...string[]];
  readonly expected: Expectation;
}

export interface RunInWorktreeInput {
  readonly workspace: Workspace;
  readonly sandbox: Sandbox;
  readonly sha: string;
  /** Files written over the checkout before anything runs (a patch, a new test). */
  readonly files: readonly Pick<PatchedFile, "path" | "after" | "mode">[];
  /** Run in order; the first whose outcome is not the expected one ends the run. */
  readonly commands: readonly WorktreeCommand[];
  readonly limits?: Partial<SandboxLimits> | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Checks out `sha` in a fresh worktree, writes `files`, runs `commands` in the sandbox and disposes
 * the worktree, whatever happens. A fresh worktree per call means no run sees what an earlier one
 * left behind.
 */
export async function runInWorktree(input: RunInWorktreeInput): Promise<VerificationStep[]> {
  const worktree = await input.workspace.addWorktree(input.sha);
  try {
    await writePatchedFiles(worktree.dir, input.files);
    const steps: VerificationStep[] = [];
    for (const command of input.commands) {
      const result = await input.sandbox.run({
        command: command.argv,
        cwd: worktree.dir,
        limits: input.limits,
        signal: input.signal,
      });
      const step = stepFromRun(command.name, command.argv.join(" "), command.expected, result, worktree.dir);
      steps.push(step);
      if (result.cancelled || !step.ok) break;
    }
    return steps;
  } finally {
    await worktree.dispose();
  }
}
