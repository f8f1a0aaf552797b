import type { Logger } from "pino";
import type { AgentBudget, IssueText } from "../../agents/fix/index.ts";
import { runTestAgent, type GeneratedTest } from "../../agents/tests/index.ts";
import { ModelCancelledError, ModelRequestError, type ModelPool } from "../../pool/index.ts";
import {
  detectTestCommand,
  isTestFile,
  planTestFilePath,
  runInWorktree,
  type SandboxLimits,
  type Sandbox,
  type TestCommandConfig,
  type VerificationLog,
  type WorktreeCommand,
  type Workspace,
} from "../../verify/index.ts";

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
}

/**
 * Test generation for a pull request: for each changed source file, a test agent writes a new test
 * file in the repository's framework; it is kept only if it passes on the PR head in the sandbox
 * (alone, and with the whole suite), and, for a PR that says it fixes a bug, fails on the base.
 */
export async function runTestGenerationWorkflow(
  input: TestGenerationInput,
  deps: TestGenerationDeps,
): Promise<TestGenerationResult> {
  const settings = { ...defaultTestGenerationSettings, ...input.settings };
  const logger = deps.logger.child({ workflow: "tests", headSha: input.headSha });
  const { workspace, sandbox, signal } = deps;
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
    .filter((path) => !isTestFile(path) && /\.(?:[cm]?[jt]sx?|py|go|rs)$/.test(path))
    .filter((path) => (present.get(path)?.size ?? Number.POSITIVE_INFINITY) <= settings.maxSourceChars)
    .slice(0, settings.maxFiles);
  const existingPaths = files.map((file) => file.path);
  const exampleTestPath = existingPaths.find(
    (path) => isTestFile(path) && /\.(?:[cm]?[jt]sx?|py|go|rs)$/.test(path),
  );
  const exampleContent = exampleTestPath === undefined ? undefined : await read(exampleTestPath);
  const taken = [...existingPaths];

  for (const [slot, source] of sources.entries()) {
    const content = await read(source);
    if (content === undefined) continue;
    const stem = (source.split("/").at(-1) ?? source).replace(/\.[^.]+$/, "");
    const testPath = planTestFilePath(testCommand.framework, taken, stem, source);
    taken.push(testPath);
    const generated = await generate(() =>
      runTestAgent({
        pool: deps.pool,
        prompt: {
          purpose: "cover",
          issue: input.pullRequest,
          sourceFiles: [{ path: source, content }],
          exampleTest:
            exampleTestPath === undefined || exampleContent === undefined
              ? undefined
              : { path: exampleTestPath, content: exampleContent },
          testPath,
          framework: testCommand.framework,
        },
        slot,
        budget: settings.budget,
        signal,
        logger,
      }),
    );
    if (generated.status === "failed") {
      discarded.push({ source, path: testPath, status: "discarded", reason: generated.reason });
      continue;
    }
    const file = { path: testPath, after: generated.content, mode: "100644" as const };
    const onHead: WorktreeCommand[] = [];
    const single = testCommand.fileArgv?.(testPath);
    if (single !== undefined)
      onHead.push({ name: `${testPath}: alone, on the head`, argv: single, expected: "pass" });
    onHead.push({ name: `${testPath}: test suite, on the head`, argv: testCommand.argv, expected: "pass" });
    const headSteps = await runInWorktree({
      workspace,
      sandbox,
      sha: headSha,
      files: [file],
      commands: onHead,
      limits: settings.runLimits,
      signal,
    });
    log.steps.push(...headSteps);
    if (signal?.aborted === true) throw new ModelCancelledError({ cause: signal.reason });
    const report = { source, path: testPath, content: generated.content, explanation: generated.explanation };
    const headFailure = headSteps.find((step) => !step.ok);
    if (headFailure !== undefined || headSteps.length < onHead.length) {
      discarded.push({
        ...report,
        status: "discarded",
        reason: `${headFailure?.name ?? "a run"} ${headFailure?.outcome ?? "did not run"}`,
      });
      continue;
    }
    if (baseSha !== undefined) {
      const baseSteps = await runInWorktree({
        workspace,
        sandbox,
        sha: baseSha,
        files: [file],
        commands: [{ name: `${testPath}: on the base`, argv: single ?? testCommand.argv, expected: "fail" }],
        limits: settings.runLimits,
        signal,
      });
      log.steps.push(...baseSteps);
      if (baseSteps[0]?.ok !== true) {
        discarded.push({
          ...report,
          status: "discarded",
          reason: "it also passes on the base, so it does not test the fix",
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
  return { headSha, kept, discarded, testCommand: testCommand.display, log };
}

async function generate(call: () => Promise<GeneratedTest>): Promise<GeneratedTest> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ModelRequestError)) throw error;
    return {
      status: "failed",
      agent: { slot: 0, model: error.model ?? "unknown", weight: 1 },
      reason: `the request did not fit the model: ${error.message}`,
      usage: { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0, durationMs: 0 },
    };
  }
}
