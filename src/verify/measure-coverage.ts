import { installDependencies, type DependencyInstall } from "./install-dependencies.ts";
import type { Workspace } from "./open-workspace.ts";
import { parseCoverageReport, type FileCoverage } from "./parse-coverage-report.ts";
import type { PatchedFile } from "./patch.ts";
import type { CoveragePlan } from "./plan-coverage-command.ts";
import type { Sandbox } from "./sandbox.ts";
import type { SandboxLimits } from "./sandbox-limits.ts";
import { withWorktree } from "./with-worktree.ts";

export interface MeasureCoverageInput {
  readonly workspace: Workspace;
  readonly sandbox: Sandbox;
  readonly sha: string;
  /** Files written over the checkout first (e.g. the new tests). */
  readonly files: readonly Pick<PatchedFile, "path" | "after" | "mode">[];
  readonly plan: Extract<CoveragePlan, { kind: "measurable" }>;
  readonly install?: DependencyInstall | undefined;
  readonly limits?: Partial<SandboxLimits> | undefined;
  readonly signal?: AbortSignal | undefined;
}

export type CoverageRun =
  | { readonly ok: true; readonly files: readonly FileCoverage[] }
  | { readonly ok: false; readonly why: string };

/** Runs the suite with coverage in the sandbox, in a fresh worktree, and reads the per-file report. */
export async function measureCoverage(input: MeasureCoverageInput): Promise<CoverageRun> {
  const { plan } = input;
  return withWorktree(input.workspace, input.sha, input.files, async (worktree): Promise<CoverageRun> => {
    if (input.install !== undefined) {
      const installed = await installDependencies({ ...input, install: input.install, dir: worktree.dir });
      if (!installed.ok) return { ok: false, why: "the dependencies could not be installed" };
    }
    const result = await input.sandbox.run({
      command: plan.argv,
      cwd: worktree.dir,
      limits: input.limits,
      signal: input.signal,
    });
    if (!result.passed) {
      const how = result.timedOut ? "timed out" : `failed (exit ${String(result.exitCode)})`;
      return {
        ok: false,
        why: `\`${plan.argv.join(" ")}\` ${how}${plan.needs === undefined ? "" : `; it needs ${plan.needs}`}`,
      };
    }
    // The middle of a long output is dropped, and with it part of the report.
    if (result.outputTruncated)
      return { ok: false, why: "the coverage report was longer than the output cap" };
    const files = parseCoverageReport(result.output, plan.format, worktree.dir);
    if (files.length === 0)
      return { ok: false, why: `\`${plan.argv.join(" ")}\` printed no coverage report` };
    return { ok: true, files };
  });
}
