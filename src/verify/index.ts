export type { RootEntry, SandboxMechanism, SandboxTools } from "./build-launch-argv.ts";
export { buildLaunchArgv } from "./build-launch-argv.ts";
export { buildSandboxEnvironment, defaultSandboxPath } from "./build-sandbox-environment.ts";
export { CappedOutput } from "./capped-output.ts";
export { createSandbox } from "./create-sandbox.ts";
export type { CreateSandboxOptions } from "./create-sandbox.ts";
export type { Sandbox, SandboxRunRequest, SandboxRunResult } from "./sandbox.ts";
export {
  SandboxRequestError,
  SandboxRunError,
  SandboxUnavailableError,
  type SandboxAttempt,
} from "./sandbox-errors.ts";
export { defaultSandboxLimits, resolveSandboxLimits, type SandboxLimits } from "./sandbox-limits.ts";
export {
  defaultSandboxUids,
  readSandboxSettings,
  sandboxModes,
  type SandboxMode,
  type SandboxSettings,
  type SandboxUidRange,
} from "./sandbox-mode.ts";
export { findExecutable } from "./find-executable.ts";
export {
  assertCloneUrl,
  assertCommitSha,
  assertRefName,
  assertRepoPath,
  GitArgumentError,
} from "./git-arguments.ts";
export type { CloneUrlOptions } from "./git-arguments.ts";
export { openWorkspace } from "./open-workspace.ts";
export type { TreeFile, Workspace, WorkspaceOptions, Worktree } from "./open-workspace.ts";
export { WorkspaceError } from "./workspace-error.ts";
export { applyEdits } from "./apply-edits.ts";
export type { ApplyEditsOptions } from "./apply-edits.ts";
export { detectTestSetupChange, detectTestWeakening } from "./detect-test-weakening.ts";
export { countChangedLines, diffLines, formatUnifiedDiff } from "./diff-lines.ts";
export type { DiffLine } from "./diff-lines.ts";
export { isTestFile } from "./is-test-file.ts";
export type { FileEdit, PatchApplication, PatchedFile, ReadBaseFile } from "./patch.ts";
export { parseSearchReplaceBlocks, PatchFormatError } from "./parse-search-replace-blocks.ts";
export { writePatchedFiles } from "./write-patched-files.ts";
export { detectTestCommand } from "./detect-test-command.ts";
export type { TestCommand, TestCommandConfig, TestFramework } from "./detect-test-command.ts";
export { planTestFilePath } from "./plan-test-file-path.ts";
export { runInWorktree } from "./run-in-worktree.ts";
export type { RunInWorktreeInput, WorktreeCommand } from "./run-in-worktree.ts";
export { refusedStep, stepFromRun } from "./verification-log.ts";
export type { Expectation, VerificationLog, VerificationStep } from "./verification-log.ts";
export { baseReader, verifyPatch } from "./verify-patch.ts";
export type { PatchVerification, ReproducingTest, VerifyPatchInput } from "./verify-patch.ts";
export { withWorktree } from "./with-worktree.ts";
export { planDependencyInstall, type DependencyInstallPlan } from "./plan-dependency-install.ts";
export { installDependencies } from "./install-dependencies.ts";
export type { DependencyInstall, InstallDependenciesInput } from "./install-dependencies.ts";
export { RegistryNetworkUnavailableError } from "./sandbox-errors.ts";
export { startRegistryProxy, type RegistryProxy, type RegistryProxyOptions } from "./start-registry-proxy.ts";
export { planCoverageCommand, type CoverageFormat, type CoveragePlan } from "./plan-coverage-command.ts";
export { parseCoverageReport, type FileCoverage } from "./parse-coverage-report.ts";
export { compareLineCoverage, type CoverageChange, type LineCoverage } from "./compare-line-coverage.ts";
export { measureCoverage, type CoverageRun, type MeasureCoverageInput } from "./measure-coverage.ts";
export { findSensitivePaths, SensitivePathError, type SensitivePathKind } from "./find-sensitive-paths.ts";
export { countTestsRun, type TestTally } from "./count-tests-run.ts";
export { explainNoTestsRan } from "./explain-no-tests-ran.ts";
