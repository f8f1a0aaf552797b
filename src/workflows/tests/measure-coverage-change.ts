import type { Logger } from "pino";
import {
  compareLineCoverage,
  isTestFile,
  measureCoverage,
  planCoverageCommand,
  type CoverageChange,
  type DependencyInstall,
  type PatchedFile,
  type Sandbox,
  type SandboxLimits,
  type TestCommand,
  type Workspace,
} from "../../verify/index.ts";

/** The coverage change the kept tests bring, or why it was not measured. */
export type CoverageOutcome =
  | { readonly kind: "measured"; readonly change: CoverageChange; readonly command: string }
  | { readonly kind: "not-measured"; readonly why: string };

export interface MeasureCoverageChangeInput {
  readonly workspace: Workspace;
  readonly sandbox: Sandbox;
  readonly sha: string;
  readonly testCommand: TestCommand;
  /** The kept tests. */
  readonly tests: readonly Pick<PatchedFile, "path" | "after" | "mode">[];
  readonly install: DependencyInstall | undefined;
  readonly limits: Partial<SandboxLimits>;
  readonly signal: AbortSignal | undefined;
  readonly logger: Logger;
}

/**
 * Line coverage of the head without and with the kept tests, each run in the sandbox with the
 * repository's own tooling. Test files do not count. When the tooling cannot measure it, the
 * outcome says why (and the log says "coverage not measured").
 */
export async function measureCoverageChange(input: MeasureCoverageChangeInput): Promise<CoverageOutcome> {
  const outcome = await measure(input);
  if (outcome.kind === "not-measured") input.logger.info({ why: outcome.why }, "coverage not measured");
  else
    input.logger.info(
      { before: outcome.change.before.percent, after: outcome.change.after.percent },
      "coverage measured",
    );
  return outcome;
}

async function measure(input: MeasureCoverageChangeInput): Promise<CoverageOutcome> {
  const plan = planCoverageCommand(input.testCommand);
  if (plan.kind === "unmeasurable") return { kind: "not-measured", why: plan.why };
  const run = (tests: MeasureCoverageChangeInput["tests"]) =>
    measureCoverage({
      workspace: input.workspace,
      sandbox: input.sandbox,
      sha: input.sha,
      files: tests,
      plan,
      install: input.install,
      limits: input.limits,
      signal: input.signal,
    });
  const before = await run([]);
  if (!before.ok) return { kind: "not-measured", why: `on the head: ${before.why}` };
  const after = await run(input.tests);
  if (!after.ok) return { kind: "not-measured", why: `with the new tests: ${after.why}` };
  const added = new Set(input.tests.map((test) => test.path));
  const change = compareLineCoverage(
    before.files,
    after.files,
    (path) => added.has(path) || isTestFile(path) || path.split("/").includes("node_modules"),
  );
  if (change === undefined) return { kind: "not-measured", why: "the report covers no source file" };
  return { kind: "measured", change, command: plan.argv.join(" ") };
}
