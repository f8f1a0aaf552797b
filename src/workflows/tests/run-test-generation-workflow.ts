import type { Logger } from "pino";
import type { AgentBudget, IssueText } from "../../agents/fix/index.ts";
import { runTestAgent, type TestPromptInput } from "../../agents/tests/index.ts";
import { ModelCancelledError, type ModelPool } from "../../pool/index.ts";
import {
  detectTestCommand,
  explainNoTestsRan,
  findSensitivePaths,
  isTestFile,
  planTestFilePath,
  refusedStep,
  runInWorktree,
  type SandboxLimits,
  type Sandbox,
  type TestCommandConfig,
  type TestTally,
  type VerificationLog,
  type WorktreeCommand,
  type Workspace,
} from "../../verify/index.ts";
import { askUntilOneFits } from "../fix/index.ts";
import { measureCoverageChange, type CoverageOutcome } from "./measure-coverage-change.ts";
import { prepareDependencies } from "./prepare-dependencies.ts";

export interface TestGenerationInput {
  /** The pull request the tests are for; its title and description tell agents what it does. */
  readonly pullRequest: IssueText;
  /** The PR's head branch (or full ref, e.g. `refs/pull/7/head`) and commit. */
  readonly headRef: string;
  readonly headSha: string;
  /** With `claimsBugFix`, the base branch (or ref) and commit the kept tests must fail on. */
  readonly baseRef?: string | undefined;
  readonly baseSha?: string | undefined;
  /** The PR says it fixes a bug: a kept test must also fail on the base. Default: false. */
  readonly claimsBugFix?: boolean | undefined;
  /** Paths the PR changed (added or modified); test files and non-code are skipped. */
  readonly changedFiles: readonly string[];
  readonly testCommand?: TestCommandConfig | undefined;
  readonly settings?: Partial<TestGenerationSettings> | undefined;
}

export interface TestGenerationSettings {
  /** Changed source files that get a generated test. Default: 3. */
  readonly maxFiles: number;
  /** Per test agent. Default: 1024 tokens, 300_000 ms. */
  readonly budget: AgentBudget;
  /** Largest source file shown to an agent, in characters. Default: 24_000. */
  readonly maxSourceChars: number;
  /** Limits of each sandboxed run. Default: the sandbox's own. */
  readonly runLimits: Partial<SandboxLimits>;
}

export const defaultTestGenerationSettings: TestGenerationSettings = {
  maxFiles: 3,
  budget: { maxTokens: 1024, timeoutMs: 300_000 },
  maxSourceChars: 24_000,
  runLimits: {},
};

export interface TestGenerationDeps {
  readonly pool: ModelPool;
  readonly sandbox: Sandbox;
  readonly workspace: Workspace;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  /**
   * The package registry a dependency install may reach (the operator's `QUORUM_INSTALL_REGISTRY`).
   * Default: none, so installs run without network.
   */
  readonly installRegistry?: string | undefined;
  /** Called at each stage, e.g. to update a progress comment; errors it throws are logged and ignored. */
  readonly onProgress?: ((progress: TestGenerationProgress) => void | Promise<void>) | undefined;
}

/** Stages reported while test generation runs, for the pull request's progress comment. */
export type TestGenerationStage = "fetching" | "installing" | "writing" | "running" | "coverage" | "done";

export interface TestGenerationProgress {
  readonly stage: TestGenerationStage;
  /** One line for people, e.g. ``writing tests for `src/cart.js` (1 of 2)``. */
  readonly detail: string;
}

/** One generated test and what running it showed. */
export interface GeneratedTestReport {
  readonly source: string;
  readonly path: string;
  readonly status: "kept" | "discarded";
  /** One line: why it was kept or discarded. */
  readonly reason: string;
  /** The test file; present when the agent wrote one. */
  readonly content?: string | undefined;
  readonly explanation?: string | undefined;
}

export interface TestGenerationResult {
  readonly headSha: string;
  /** The tests that passed on the head (and failed on the base, for a bug fix). */
  readonly kept: readonly GeneratedTestReport[];
  readonly discarded: readonly GeneratedTestReport[];
  /** Undefined when no test command was found. */
  readonly testCommand: string | undefined;
  readonly log: VerificationLog;
  /** The base commit every kept test failed on (the PR says it fixes a bug); undefined when not checked. */
  readonly baseSha?: string | undefined;
  /** Set when the repository declares dependencies the runs did not have: why. */
  readonly dependencies?: string | undefined;
  /** The kept tests' coverage change; undefined when no test was kept. */
  readonly coverage?: CoverageOutcome | undefined;
}

/**
 * Test generation for a pull request: for each changed source file, a test agent writes a new test
 * file in the repository's framework; it is kept only if it passes on the PR head in the sandbox
 * (alone, and with the whole suite), the runner's summary shows it ran at least one passing test
 * (alone: at least one passed; without a one-file command: the suite passed more tests with it than
 * without it), and, for a PR that says it fixes a bug, it fails on the base. A test that would go
 * to a sensitive path (`.github/`, see `findSensitivePaths`) is refused before an agent is asked.
 * Dependencies are installed first when the repository needs them (a sandboxed step of its own);
 * with tests kept, the line coverage of the head without and with them is measured when the
 * repository's tooling can.
 */
export async function runTestGenerationWorkflow(
  input: TestGenerationInput,
  deps: TestGenerationDeps,
): Promise<TestGenerationResult> {
  const settings = { ...defaultTestGenerationSettings, ...input.settings };
  const logger = deps.logger.child({ workflow: "tests", headSha: input.headSha });
  const { workspace, sandbox, signal } = deps;
  const progress = (stage: TestGenerationStage, detail: string): Promise<void> =>
    reportProgress(deps, logger, { stage, detail });
  await progress("fetching", `fetching ${input.headRef}`);
  const headSha = await workspace.fetch(input.headRef, input.headSha);
  const baseSha =
    input.claimsBugFix === true && input.baseRef !== undefined
      ? await workspace.fetch(input.baseRef, input.baseSha)
      : undefined;
  const files = await workspace.listFiles(headSha);
  const read = (path: string): Promise<string | undefined> => workspace.readFile(headSha, path);
  const testCommand = await detectTestCommand(files, read, input.testCommand);
  const log: VerificationLog = {
    sandbox: sandbox.description,
    baseSha: headSha,
    testCommand: testCommand?.display,
    steps: [],
  };
  const kept: GeneratedTestReport[] = [];
  const discarded: GeneratedTestReport[] = [];
  if (testCommand === undefined) return { headSha, kept, discarded, testCommand: undefined, log };
  const present = new Map(files.map((file) => [file.path, file]));
  const sources = input.changedFiles
    .filter((path) => !isTestFile(path) && testableCode.test(path))
    .filter((path) => (present.get(path)?.size ?? Number.POSITIVE_INFINITY) <= settings.maxSourceChars)
    .slice(0, settings.maxFiles);
  if (sources.length === 0)
    return { headSha, kept, discarded, testCommand: testCommand.display, log, baseSha };
  await progress("installing", "preparing the repository's dependencies");
  const dependencies = await prepareDependencies({
    workspace,
    sandbox,
    sha: headSha,
    paths: files.map((file) => file.path),
    packageJson: await read("package.json"),
    registry: deps.installRegistry,
    limits: settings.runLimits,
    signal,
    logger,
  });
  if (dependencies.step !== undefined) log.steps.push(dependencies.step);
  const { install } = dependencies;
  const existingPaths = files.map((file) => file.path);
  const exampleTestPath = existingPaths.find((path) => isTestFile(path) && testableCode.test(path));
  const exampleContent = exampleTestPath === undefined ? undefined : await read(exampleTestPath);
  const taken = [...existingPaths];
  // The suite's tally without any new test: what a new test must add to when it cannot run alone.
  let suiteWithoutNewTests: Promise<TestTally | undefined> | undefined;
  const countSuiteWithoutNewTests = (): Promise<TestTally | undefined> =>
    (suiteWithoutNewTests ??= runInWorktree({
      workspace,
      sandbox,
      sha: headSha,
      files: [],
      install,
      commands: [
        {
          name: "test suite, on the head without new tests",
          argv: testCommand.argv,
          expected: "pass",
          countTests: { framework: testCommand.framework },
        },
      ],
      limits: settings.runLimits,
      signal,
    }).then((steps) => {
      log.steps.push(...steps);
      return steps.at(-1)?.tests;
    }));

  for (const [slot, source] of sources.entries()) {
    const content = await read(source);
    if (content === undefined) continue;
    const stem = (source.split("/").at(-1) ?? source).replace(/\.[^.]+$/, "");
    const testPath = planTestFilePath(testCommand.framework, taken, stem, source);
    taken.push(testPath);
    const [sensitive] = findSensitivePaths([testPath], files);
    if (sensitive !== undefined) {
      const problem = `generated test touches ${sensitive.message}`;
      logger.warn({ source, testPath, kind: sensitive.kind }, "test path refused");
      log.steps.push(refusedStep(`${testPath}: sensitive paths`, [problem]));
      discarded.push({ source, path: testPath, status: "discarded", reason: problem });
      continue;
    }
    const ofAll = `(${slot + 1} of ${sources.length})`;
    await progress("writing", `writing tests for \`${source}\` ${ofAll}`);
    const prompt: TestPromptInput = {
      purpose: "cover",
      issue: input.pullRequest,
      sourceFiles: [{ path: source, content }],
      exampleTest:
        exampleTestPath === undefined || exampleContent === undefined
          ? undefined
          : { path: exampleTestPath, content: exampleContent },
      testPath,
      framework: testCommand.framework,
    };
    const generated = await askUntilOneFits(slot, [prompt], (sized) =>
      runTestAgent({ pool: deps.pool, prompt: sized, slot, budget: settings.budget, signal, logger }),
    );
    if (generated.status === "failed") {
      discarded.push({ source, path: testPath, status: "discarded", reason: generated.reason });
      continue;
    }
    const file = { path: testPath, after: generated.content, mode: "100644" as const };
    const single = testCommand.fileArgv?.(testPath);
    // The run that shows the file's own tests: alone when the runner can, else the suite.
    const counted = { framework: testCommand.framework, newFile: testPath };
    const onHead: WorktreeCommand[] = [
      ...(single === undefined
        ? []
        : [
            {
              name: `${testPath}: alone, on the head`,
              argv: single,
              expected: "pass" as const,
              countTests: counted,
            },
          ]),
      {
        name: `${testPath}: test suite, on the head`,
        argv: testCommand.argv,
        expected: "pass",
        countTests: single === undefined ? counted : undefined,
      },
    ];
    await progress("running", `running the tests for \`${source}\` ${ofAll}`);
    const headSteps = await runInWorktree({
      workspace,
      sandbox,
      sha: headSha,
      files: [file],
      install,
      commands: onHead,
      limits: settings.runLimits,
      signal,
    });
    log.steps.push(...headSteps);
    throwIfAborted(signal);
    const report = { source, path: testPath, content: generated.content, explanation: generated.explanation };
    const headFailure = headSteps.find((step) => !step.ok);
    if (headFailure !== undefined || headSteps.length < onHead.length + (install === undefined ? 0 : 1)) {
      discarded.push({
        ...report,
        status: "discarded",
        reason: `${headFailure?.name ?? "a run"} ${headFailure?.outcome ?? "did not run"}`,
      });
      continue;
    }
    const evidence = headSteps.find((step) => step.name === onHead[0]?.name);
    const noTests = explainNoTestsRan(
      testCommand.framework,
      evidence?.tests,
      single === undefined ? await countSuiteWithoutNewTests() : undefined,
    );
    throwIfAborted(signal);
    if (evidence !== undefined && noTests !== undefined) {
      log.steps[log.steps.indexOf(evidence)] = { ...evidence, ok: false, problems: [noTests] };
      discarded.push({ ...report, status: "discarded", reason: `${evidence.name} ${noTests}` });
      continue;
    }
    if (baseSha !== undefined) {
      const baseSteps = await runInWorktree({
        workspace,
        sandbox,
        sha: baseSha,
        files: [file],
        install,
        commands: [{ name: `${testPath}: on the base`, argv: single ?? testCommand.argv, expected: "fail" }],
        limits: settings.runLimits,
        signal,
      });
      log.steps.push(...baseSteps);
      const baseFailure = baseSteps.find((step) => !step.ok);
      if (baseFailure !== undefined || baseSteps.length === 0) {
        discarded.push({
          ...report,
          status: "discarded",
          reason:
            baseFailure?.expected === "fail"
              ? "it also passes on the base, so it does not test the fix"
              : `${baseFailure?.name ?? "the run on the base"} ${baseFailure?.outcome ?? "did not run"}`,
        });
        continue;
      }
    }
    kept.push({
      ...report,
      status: "kept",
      reason: baseSha === undefined ? "passes on the head" : "passes on the head and fails on the base",
    });
  }
  if (kept.length > 0) await progress("coverage", "measuring the coverage change");
  const coverage =
    kept.length === 0
      ? undefined
      : await measureCoverageChange({
          workspace,
          sandbox,
          sha: headSha,
          testCommand,
          tests: kept.map((test) => ({ path: test.path, after: test.content ?? "", mode: "100644" })),
          install,
          limits: settings.runLimits,
          signal,
          logger,
        });
  await progress("done", `${kept.length} of ${sources.length} generated tests kept`);
  return {
    headSha,
    kept,
    discarded,
    testCommand: testCommand.display,
    log,
    baseSha,
    dependencies: dependencies.missing,
    coverage,
  };
}

/** Code in a language whose tests Quorum can write and run. */
const testableCode = /\.(?:[cm]?[jt]sx?|py|go|rs)$/;

/** Progress is a courtesy: a report that fails is logged, never the end of the run. */
async function reportProgress(
  deps: TestGenerationDeps,
  logger: Logger,
  progress: TestGenerationProgress,
): Promise<void> {
  logger.info({ stage: progress.stage }, progress.detail);
  await Promise.resolve()
    .then(() => deps.onProgress?.(progress))
    .catch((error: unknown) => logger.warn({ err: error, stage: progress.stage }, "progress report failed"));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new ModelCancelledError({ cause: signal.reason });
}
