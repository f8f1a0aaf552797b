import { applyEdits } from "./apply-edits.ts";
import { detectTestSetupChange, detectTestWeakening } from "./detect-test-weakening.ts";
import type { TestCommand } from "./detect-test-command.ts";
import { countChangedLines } from "./diff-lines.ts";
import { findSensitivePaths } from "./find-sensitive-paths.ts";
import type { TreeFile, Workspace } from "./open-workspace.ts";
import type { FileEdit, PatchedFile, ReadBaseFile } from "./patch.ts";
import { runInWorktree, type WorktreeCommand } from "./run-in-worktree.ts";
import type { Sandbox } from "./sandbox.ts";
import type { SandboxLimits } from "./sandbox-limits.ts";
import { refusedStep, type VerificationStep } from "./verification-log.ts";

/** A new test file that must pass once the patch is applied (it failed on the base commit). */
export interface ReproducingTest {
  readonly path: string;
  readonly content: string;
}

export interface VerifyPatchInput {
  /** Names the steps in the log, e.g. `candidate 2`. */
  readonly label: string;
  readonly edits: readonly FileEdit[];
  readonly baseSha: string;
  readonly workspace: Workspace;
  readonly sandbox: Sandbox;
  readonly testCommand: TestCommand;
  readonly reproducingTest?: ReproducingTest | undefined;
  readonly limits?: Partial<SandboxLimits> | undefined;
  readonly signal?: AbortSignal | undefined;
  /**
   * Reads the base commit's files. Pass the `baseReader` that already applied these edits (e.g. to
   * group equivalent patches) so the files are not read from git again. Default: a new `baseReader`.
   */
  readonly readBase?: ReadBaseFile | undefined;
}

export type PatchVerification =
  | {
      readonly verified: true;
      readonly files: readonly PatchedFile[];
      /** Lines removed plus added over all files. */
      readonly changedLines: number;
      readonly steps: readonly VerificationStep[];
    }
  | {
      readonly verified: false;
      /** One line: why the patch was rejected. */
      readonly reason: string;
      /** Present when the patch applied. */
      readonly files?: readonly PatchedFile[] | undefined;
      readonly steps: readonly VerificationStep[];
    };

/**
 * Verifies one proposed patch: it must touch no path Quorum never changes (CI, CODEOWNERS, its own
 * configuration, git's files, links, anything outside the repository), must apply cleanly (checked
 * in memory, so a refused or malformed patch never touches a worktree), must not weaken tests or
 * change how they run, and in a fresh worktree in the sandbox the reproducing test (when there is
 * one) and the repository's test command must pass.
 */
export async function verifyPatch(input: VerifyPatchInput): Promise<PatchVerification> {
  const sensitive = findSensitivePaths(
    input.edits.map((edit) => edit.path),
    await input.workspace.listFiles(input.baseSha),
  );
  if (sensitive.length > 0) {
    const problems = sensitive.map((error) => `patch touches ${error.message}`);
    return {
      verified: false,
      reason: `the ${problems[0] ?? "patch touches a sensitive path"}`,
      steps: [refusedStep(`${input.label}: sensitive paths`, problems)],
    };
  }
  const readBase = input.readBase ?? baseReader(input.workspace, input.baseSha);
  const application = await applyEdits(input.edits, readBase);
  if (!application.ok) {
    return {
      verified: false,
      reason: `the patch does not apply: ${application.problems[0] ?? "unknown problem"}`,
      steps: [refusedStep(`${input.label}: apply`, application.problems)],
    };
  }
  const files = application.files;
  const weakening = [...detectTestWeakening(files), ...detectTestSetupChange(files)];
  if (
    input.reproducingTest !== undefined &&
    files.some((file) => file.path === input.reproducingTest?.path)
  ) {
    weakening.push(`${input.reproducingTest.path}: changes the reproducing test`);
  }
  if (weakening.length > 0) {
    return {
      verified: false,
      reason: `the patch weakens the tests: ${weakening[0] ?? ""}`,
      files,
      steps: [refusedStep(`${input.label}: test integrity`, weakening)],
    };
  }

  const commands: WorktreeCommand[] = [];
  const written: Pick<PatchedFile, "path" | "after" | "mode">[] = [...files];
  const reproducing = input.reproducingTest;
  if (reproducing !== undefined) {
    written.push({ path: reproducing.path, after: reproducing.content, mode: "100644" });
    const fileArgv = input.testCommand.fileArgv?.(reproducing.path);
    if (fileArgv !== undefined)
      commands.push({ name: `${input.label}: reproducing test`, argv: fileArgv, expected: "pass" });
  }
  commands.push({ name: `${input.label}: test suite`, argv: input.testCommand.argv, expected: "pass" });
  const steps = await runInWorktree({
    workspace: input.workspace,
    sandbox: input.sandbox,
    sha: input.baseSha,
    files: written,
    commands,
    limits: input.limits,
    signal: input.signal,
  });
  const failed = steps.find((step) => !step.ok);
  if (failed !== undefined || steps.length < commands.length) {
    const what = failed?.name.replace(`${input.label}: `, "") ?? "a step";
    return {
      verified: false,
      reason: `${what} ${failed?.outcome ?? "did not run"} with the patch applied`,
      files,
      steps,
    };
  }
  const changedLines = files.reduce((sum, file) => sum + countChangedLines(file.before ?? "", file.after), 0);
  return { verified: true, files, changedLines, steps };
}

/**
 * Reads base-commit files straight from the object store, with their modes. Each path is read once
 * per reader: a commit never changes, and every proposal edits the same few files.
 */
export function baseReader(workspace: Workspace, sha: string): ReadBaseFile {
  let byPath: Promise<Map<string, TreeFile>> | undefined;
  const read = async (path: string): ReturnType<ReadBaseFile> => {
    byPath ??= workspace.listFiles(sha).then((files) => new Map(files.map((file) => [file.path, file])));
    const entry = (await byPath).get(path);
    if (entry === undefined) return undefined;
    if (entry.mode !== "100644" && entry.mode !== "100755") return { content: "", mode: entry.mode };
    const content = await workspace.readFile(sha, path);
    return content === undefined ? undefined : { content, mode: entry.mode };
  };
  const reads = new Map<string, ReturnType<ReadBaseFile>>();
  return (path) => {
    let reading = reads.get(path);
    if (reading === undefined) {
      reading = read(path);
      reads.set(path, reading);
    }
    return reading;
  };
}
