import type { Logger } from "pino";
import {
  runFixAgent,
  type FailingTest,
  type FixPromptInput,
  type FixProposal,
  type IssueText,
} from "../../agents/fix/index.ts";
import { runTestAgent, type TestFramework, type TestPromptInput } from "../../agents/tests/index.ts";
import { ModelCancelledError, type ModelPool } from "../../pool/index.ts";
import {
  applyEdits,
  baseReader,
  detectTestCommand,
  findSensitivePaths,
  planTestFilePath,
  refusedStep,
  runInWorktree,
  verifyPatch,
  type PatchedFile,
  type Sandbox,
  type TestCommand,
  type TestCommandConfig,
  type TreeFile,
  type VerificationLog,
  type Workspace,
} from "../../verify/index.ts";
import { askUntilOneFits } from "./ask-until-one-fits.ts";
import type {
  CandidateReport,
  FixProgress,
  FixResult,
  IssueFixResult,
  NoVerifiedFix,
  ReproductionReport,
} from "./fix-result.ts";
import {
  contextCharsFor,
  defaultFixWorkflowSettings,
  type FixWorkflowSettings,
} from "./fix-workflow-settings.ts";
import { locateRelevantFiles, type LocatedFiles } from "./locate-relevant-files.ts";
import { planPullRequestFix, type FixTargets, type ReviewFinding } from "./plan-pull-request-fix.ts";
import { patchEquivalenceKey, selectCandidate } from "./select-candidate.ts";

export interface FixWorkflowInput {
  readonly issue: IssueText;
  /** Branch (or full ref) to fix, usually the repository's default branch. */
  readonly ref: string;
  /** The exact commit to fix. Default: wherever `ref` points when fetched. */
  readonly sha?: string | undefined;
  /** The `verify` section of `.github/quorum.yml`. Default: the test command is detected. */
  readonly testCommand?: TestCommandConfig | undefined;
  /** Overrides of `defaultFixWorkflowSettings`. */
  readonly settings?: Partial<FixWorkflowSettings> | undefined;
  /**
   * Fix a pull request rather than an issue: `issue` is then its number, title and description,
   * and `ref`/`sha` its head. The head's tests are run first; what fails, and these findings, are
   * what gets fixed (see `planPullRequestFix`). Default: undefined (an issue).
   */
  readonly pullRequest?:
    | {
        /** Quorum's own open findings on it (see `selectReviewFindings`). */
        readonly findings: readonly ReviewFinding[];
        /** Paths the pull request adds or changes. */
        readonly changedPaths: readonly string[];
      }
    | undefined;
}

/** What the agents are asked to fix, whether an issue or a pull request's problems. */
interface FixTarget {
  readonly subject: IssueText;
  readonly locateText: string;
  readonly failingRun: { readonly command: string; readonly output: string } | undefined;
  /** Why no reproducing test is written; undefined to write one. */
  readonly skipReproduction: string | undefined;
  /** How reports name what was to be fixed. */
  readonly problem: string;
  /** Names the reproducing test file. */
  readonly slug: string;
  readonly targets: FixTargets | undefined;
}

/** The side effects the workflow uses, injected so tests and workers choose them. */
export interface FixWorkflowDeps {
  readonly pool: ModelPool;
  /** Created (and self-tested) once per worker by `createSandbox`. */
  readonly sandbox: Sandbox;
  /** The repository cache opened for this repository (with the installation token) by `openWorkspace`. */
  readonly workspace: Workspace;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  /** Called at each stage, e.g. to update a progress comment; errors it throws are logged and ignored. */
  readonly onProgress?: ((progress: FixProgress) => void | Promise<void>) | undefined;
}

/**
 * The fix workflow: fetch → locate the relevant files → run the test suite as it is → have a test
 * agent write a test that reproduces the issue (kept only if it fails) → k fix agents propose
 * search/replace patches → verify each distinct patch in its own worktree in the sandbox → select
 * (agreement, then the smallest diff). Returns a verified fix, or "no verified fix" with everything
 * that was tried. Never publishes anything itself; see `publishFixResult`.
 *
 * For a pull request (`input.pullRequest`) the suite runs on its head first: a failing suite is
 * the target (no reproducing test is written; the suite passing with the fix is the evidence),
 * Quorum's findings are added to what the agents read, and with neither the result is
 * `nothing-to-fix`. Verification is the same.
 *
 * Throws only for what the caller must handle: `ModelCancelledError` (aborted), configuration
 * errors of the pool (no `fix`/`tests` model, a model that will not load), `WorkspaceError`
 * (fetch failed; retryable) and `SandboxRunError`.
 */
export async function runFixWorkflow(
  input: FixWorkflowInput & { readonly pullRequest?: undefined },
  deps: FixWorkflowDeps,
): Promise<IssueFixResult>;
export async function runFixWorkflow(input: FixWorkflowInput, deps: FixWorkflowDeps): Promise<FixResult>;
export async function runFixWorkflow(input: FixWorkflowInput, deps: FixWorkflowDeps): Promise<FixResult> {
  const settings = { ...defaultFixWorkflowSettings, ...input.settings };
  const logger = deps.logger.child({
    workflow: "fix",
    [input.pullRequest === undefined ? "issue" : "pr"]: input.issue.number,
  });
  const { workspace, sandbox, pool, signal } = deps;
  const progress = async (stage: FixProgress["stage"], detail: string): Promise<void> => {
    logger.info({ stage }, detail);
    try {
      await deps.onProgress?.({ stage, detail });
    } catch (error) {
      logger.warn({ err: error, stage }, "progress report failed");
    }
  };

  await progress("fetching", `fetching ${input.ref}`);
  const baseSha = await workspace.fetch(input.ref, input.sha);
  const files = await workspace.listFiles(baseSha);
  const read = (path: string): Promise<string | undefined> => workspace.readFile(baseSha, path);
  const testCommand = await detectTestCommand(files, read, input.testCommand);
  const log: VerificationLog = {
    sandbox: sandbox.description,
    baseSha,
    testCommand: testCommand?.display,
    steps: [],
  };
  // A pull request's target is planned once its tests have run.
  let target = issueTarget(input.issue);
  const noFix = (
    reason: string,
    candidates: readonly CandidateReport[] = [],
    reproduction = skippedReproduction,
  ): NoVerifiedFix => ({
    status: "no-verified-fix",
    reason,
    baseSha,
    candidates,
    reproduction,
    log,
    targets: target.targets,
  });
  if (testCommand === undefined) {
    return noFix("no test command was found; set `verify.command` in .github/quorum.yml");
  }
  const runBaseline = async (name: string): Promise<boolean> => {
    const steps = await runInWorktree({
      workspace,
      sandbox,
      sha: baseSha,
      files: [],
      commands: [{ name, argv: testCommand.argv, expected: "pass" }],
      limits: settings.runLimits,
      signal,
    });
    log.steps.push(...steps);
    throwIfAborted(signal);
    return steps[0]?.outcome === "passed";
  };

  let baselinePassed: boolean | undefined;
  if (input.pullRequest !== undefined) {
    await progress("baseline", `running \`${testCommand.display}\` on the pull request's head`);
    baselinePassed = await runBaseline("pull request head: test suite");
    const plan = planPullRequestFix({
      pullRequest: input.issue,
      findings: input.pullRequest.findings,
      changedPaths: input.pullRequest.changedPaths,
      baseline: {
        command: testCommand.display,
        passed: baselinePassed,
        output: log.steps.at(-1)?.outputTail ?? "",
      },
    });
    if (plan.kind === "nothing-to-fix") {
      await progress("done", "nothing to fix");
      return { status: "nothing-to-fix", reason: plan.reason, baseSha, log };
    }
    target = {
      ...plan,
      problem: "the problems found in the pull request",
      slug: `pr-${input.issue.number}`,
    };
  }

  await progress("locating", `choosing the files relevant to ${target.problem}`);
  const contextChars =
    settings.contextChars ?? contextCharsFor(smallestContext(pool, "fix"), settings.fixBudget.maxTokens);
  const located = await locateRelevantFiles({
    text: target.locateText,
    files,
    readFile: read,
    budgetChars: contextChars,
  });
  logger.info(
    { files: located.sources.map((f) => f.path), leftOut: located.leftOut.length, contextChars },
    "located relevant files",
  );
  if (located.sources.length === 0) {
    return noFix(
      `no source file relevant to ${target.problem} could be found within the model's context budget`,
    );
  }

  if (baselinePassed === undefined) {
    await progress("baseline", `running \`${testCommand.display}\` on the current code`);
    baselinePassed = await runBaseline("current code: test suite");
  }

  await progress("reproducing", `writing a test that reproduces ${target.problem}`);
  const reproduction =
    target.skipReproduction === undefined
      ? await reproduceIssue({
          target: target,
          deps,
          settings,
          testCommand,
          baseSha,
          located,
          baselinePassed,
          existingFiles: files,
          log,
          logger,
        })
      : { report: { status: "skipped" as const, summary: target.skipReproduction } };

  await progress("proposing", `asking ${settings.fixAgents} fix agents for a patch`);
  const failingTest: FailingTest | undefined =
    reproduction.report.test === undefined
      ? undefined
      : { ...reproduction.report.test, output: reproduction.failureOutput ?? "" };
  const proposals = await Promise.all(
    Array.from({ length: settings.fixAgents }, (_, slot) =>
      proposeFix(pool, {
        prompts: fixPromptLevels(target, located, contextChars, failingTest, testCommand.display),
        slot,
        budget: settings.fixBudget,
        maxEdits: settings.maxEdits,
        signal,
        logger,
      }),
    ),
  );

  const candidates = await verifyProposals({
    proposals,
    deps,
    settings,
    baseSha,
    testCommand,
    reproducingTest: reproduction.report.test,
    evidence:
      reproduction.report.test !== undefined ? "reproducing test" : baselinePassed ? undefined : "suite",
    problem: target.problem,
    log,
    progress,
  });

  const verified = candidates.filter((c) => c.report.status === "verified");
  const chosen = selectCandidate(
    verified.map((c) => ({
      id: c.report.id,
      support: c.report.proposers.reduce((sum, p) => sum + p.weight, 0),
      changedLines: c.report.changedLines ?? 0,
      candidate: c,
    })),
  )?.candidate;
  const reports = candidates.map((c) => c.report);
  await progress("done", chosen === undefined ? "no verified fix" : `candidate ${chosen.report.id} verified`);
  if (chosen === undefined) {
    const unproven = reports.some((r) => r.status === "unproven");
    return noFix(
      reports.length === 0
        ? "no fix agent produced a usable patch"
        : unproven
          ? `some patches pass the tests, but nothing shows they fix ${target.problem}: no test reproducing it could be written and the tests already passed`
          : "no proposed patch passed verification",
      reports,
      reproduction.report,
    );
  }
  const test = reproduction.report.test;
  const committed: PatchedFile[] = [...chosen.files];
  if (test !== undefined)
    committed.push({ path: test.path, before: undefined, after: test.content, mode: "100644" });
  return {
    status: "verified",
    baseSha,
    files: committed,
    explanation: chosen.report.explanation ?? "",
    evidence:
      test !== undefined
        ? `the new test ${test.path} failed on the current code and passes with the fix; \`${testCommand.display}\` passes`
        : `\`${testCommand.display}\` failed on the current code and passes with the fix`,
    selected: chosen.report,
    candidates: reports,
    reproduction: reproduction.report,
    log,
    targets: target.targets,
  };
}

const skippedReproduction: ReproductionReport = { status: "skipped", summary: "not attempted" };

/** An issue: agents read it as it is, and a test reproducing it is wanted. */
function issueTarget(issue: IssueText): FixTarget {
  return {
    subject: issue,
    locateText: `${issue.title}\n${issue.body}`,
    failingRun: undefined,
    skipReproduction: undefined,
    problem: "the issue",
    slug: `issue-${issue.number}`,
    targets: undefined,
  };
}

interface ReproduceInput {
  readonly target: FixTarget;
  readonly deps: FixWorkflowDeps;
  readonly settings: FixWorkflowSettings;
  readonly testCommand: TestCommand;
  readonly baseSha: string;
  readonly located: LocatedFiles;
  readonly baselinePassed: boolean;
  /** The base commit's files. */
  readonly existingFiles: readonly TreeFile[];
  readonly log: VerificationLog;
  readonly logger: Logger;
}

/** Asks test agents, one after another, for a test that fails on the current code. */
async function reproduceIssue(
  context: ReproduceInput,
): Promise<{ report: ReproductionReport; failureOutput?: string | undefined }> {
  const { deps, settings, testCommand, located } = context;
  const testPath = planTestFilePath(
    testCommand.framework,
    context.existingFiles.map((file) => file.path),
    context.target.slug,
    located.sources[0]?.path,
  );
  const single = testCommand.fileArgv?.(testPath);
  if (single === undefined && !context.baselinePassed) {
    return {
      report: {
        status: "skipped",
        summary: `\`${testCommand.display}\` already fails and one test file cannot be run alone, so a reproducing test could not be told apart`,
      },
    };
  }
  const [sensitive] = findSensitivePaths([testPath], context.existingFiles);
  if (sensitive !== undefined) {
    const problem = `reproducing test touches ${sensitive.message}`;
    context.log.steps.push(refusedStep(`${testPath}: sensitive paths`, [problem]));
    return { report: { status: "skipped", summary: problem } };
  }
  const tried: string[] = [];
  for (let attempt = 0; attempt < settings.testAttempts; attempt += 1) {
    const generated = await askUntilOneFits(
      attempt,
      testPromptLevels(context.target.subject, located, testPath, testCommand.framework),
      (prompt) =>
        runTestAgent({
          pool: deps.pool,
          prompt,
          slot: attempt,
          budget: settings.testBudget,
          signal: deps.signal,
          logger: context.logger,
        }),
    );
    if (generated.status === "failed") {
      tried.push(`attempt ${attempt + 1}: ${generated.reason}`);
      continue;
    }
    const argv = single ?? testCommand.argv;
    const steps = await runInWorktree({
      workspace: deps.workspace,
      sandbox: deps.sandbox,
      sha: context.baseSha,
      files: [{ path: testPath, after: generated.content, mode: "100644" }],
      commands: [
        { name: `reproducing test, attempt ${attempt + 1}: on the current code`, argv, expected: "fail" },
      ],
      limits: settings.runLimits,
      signal: deps.signal,
    });
    context.log.steps.push(...steps);
    throwIfAborted(deps.signal);
    const step = steps[0];
    const crash = step?.ok === true ? findCrash(step.outputTail ?? "") : undefined;
    if (crash !== undefined) {
      tried.push(`attempt ${attempt + 1}: the test does not run (${crash}), so its failure shows nothing`);
      continue;
    }
    if (step?.ok === true) {
      return {
        report: {
          status: "reproduced",
          summary: `${testPath} fails on the current code (attempt ${attempt + 1})`,
          test: { path: testPath, content: generated.content },
        },
        failureOutput: step.outputTail,
      };
    }
    tried.push(
      `attempt ${attempt + 1}: the test ${step?.outcome === "passed" ? "passed" : "did not fail as expected"} on the current code`,
    );
  }
  return { report: { status: "not-reproduced", summary: tried.join("; ") || "no attempt" } };
}

/**
 * Signs that a test failed because it is broken itself (it does not parse, or imports something
 * that does not exist), not because the code misbehaves. Errors a bug can cause at run time
 * (ReferenceError, NameError, TypeError) are deliberately not on the list.
 */
const crashSignatures: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /\bSyntaxError\b|\bIndentationError\b|\bTabError\b/, what: "a syntax error" },
  {
    pattern: /ERR_MODULE_NOT_FOUND|Cannot find module|\bModuleNotFoundError\b|\bImportError\b/,
    what: "a missing import",
  },
  {
    pattern: /expected 'package'|\bsyntax error:|\[setup failed\]|\bcould not compile\b/,
    what: "a compile error",
  },
  { pattern: /ERROR collecting|errors? during collection/, what: "a collection error" },
];

function findCrash(output: string): string | undefined {
  return crashSignatures.find(({ pattern }) => pattern.test(output))?.what;
}

interface ProposeInput {
  /** The prompt at decreasing sizes: the next one is tried when a model's context is too small. */
  readonly prompts: readonly FixPromptInput[];
  readonly slot: number;
  readonly budget: FixWorkflowSettings["fixBudget"];
  readonly maxEdits: number;
  readonly signal?: AbortSignal | undefined;
  readonly logger: Logger;
}

function proposeFix(pool: ModelPool, input: ProposeInput): Promise<FixProposal> {
  const { prompts, ...rest } = input;
  return askUntilOneFits(input.slot, prompts, (prompt) => runFixAgent({ pool, ...rest, prompt }));
}

interface Candidate {
  readonly report: CandidateReport;
  readonly files: readonly PatchedFile[];
}

interface VerifyProposalsInput {
  readonly proposals: readonly FixProposal[];
  readonly deps: FixWorkflowDeps;
  readonly settings: FixWorkflowSettings;
  readonly baseSha: string;
  readonly testCommand: TestCommand;
  readonly reproducingTest: { readonly path: string; readonly content: string } | undefined;
  /** What proves a passing candidate fixes something; undefined when nothing can. */
  readonly evidence: "reproducing test" | "suite" | undefined;
  /** How the reports name what was to be fixed, e.g. `the issue`. */
  readonly problem: string;
  readonly log: VerificationLog;
  readonly progress: (stage: FixProgress["stage"], detail: string) => Promise<void>;
}

/** Groups equivalent proposals, then verifies each distinct patch once. */
async function verifyProposals(input: VerifyProposalsInput): Promise<Candidate[]> {
  const { deps, settings } = input;
  const readBase = baseReader(deps.workspace, input.baseSha);
  const candidates: Candidate[] = [];
  const groups = new Map<
    string,
    {
      id: number;
      proposers: CandidateReport["proposers"][number][];
      proposal: FixProposal & { status: "ok" };
    }
  >();
  let nextId = 1;
  for (const proposal of input.proposals) {
    const id = nextId;
    nextId += 1;
    if (proposal.status === "failed") {
      candidates.push({
        report: { id, proposers: [proposal.agent], status: "failed", reason: proposal.reason },
        files: [],
      });
      continue;
    }
    const applied = await applyEdits(proposal.edits, readBase, { maxEdits: settings.maxEdits });
    const key = applied.ok ? patchEquivalenceKey(applied.files) : `unapplied-${id}`;
    const group = groups.get(key);
    if (group !== undefined) group.proposers.push(proposal.agent);
    else groups.set(key, { id, proposers: [proposal.agent], proposal });
  }

  let index = 0;
  for (const group of groups.values()) {
    index += 1;
    await input.progress("verifying", `verifying candidate ${index} of ${groups.size}`);
    const verification = await verifyPatch({
      label: `candidate ${group.id}`,
      edits: group.proposal.edits,
      baseSha: input.baseSha,
      workspace: deps.workspace,
      sandbox: deps.sandbox,
      testCommand: input.testCommand,
      reproducingTest: input.reproducingTest,
      limits: settings.runLimits,
      signal: deps.signal,
      readBase,
    });
    input.log.steps.push(...verification.steps);
    throwIfAborted(deps.signal);
    const common = {
      id: group.id,
      proposers: group.proposers,
      explanation: group.proposal.explanation,
      edits: group.proposal.edits,
    };
    if (!verification.verified) {
      candidates.push({
        report: {
          ...common,
          status: "rejected",
          reason: verification.reason,
          changedLines: undefined,
        },
        files: verification.files ?? [],
      });
      continue;
    }
    const proven = input.evidence !== undefined || !settings.requireEvidence;
    candidates.push({
      report: {
        ...common,
        status: proven ? "verified" : "unproven",
        reason: proven
          ? "passes every check"
          : `passes the tests, which already passed: no evidence it fixes ${input.problem}`,
        changedLines: verification.changedLines,
      },
      files: verification.files,
    });
  }
  return candidates.sort((a, b) => a.report.id - b.report.id);
}

function smallestContext(pool: ModelPool, role: "fix" | "tests"): number {
  const sizes = pool
    .members()
    .filter((m) => m.roles.includes(role))
    .map((m) => m.contextSize);
  return sizes.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...sizes);
}

/**
 * The fix prompt from richest to leanest. The richest shows the located sources that fit the
 * character budget, the related test (so the agent sees what the code should do) and the failing
 * test; each next level drops context, down to the most relevant file alone. Character budgets are
 * estimates; the model's tokenizer decides, so a prompt that does not fit is retried smaller.
 */
function fixPromptLevels(
  target: Pick<FixTarget, "subject" | "failingRun">,
  located: LocatedFiles,
  budget: number,
  failingTest: FailingTest | undefined,
  testCommand: string,
): FixPromptInput[] {
  const { subject: issue, failingRun } = target;
  const failingChars =
    (failingTest === undefined ? 0 : failingTest.content.length + failingTest.output.length) +
    (failingRun?.output.length ?? 0);
  const sources = fitFiles(located.sources, budget - failingChars);
  const used = sources.reduce((sum, file) => sum + file.content.length, 0);
  const test = located.relatedTest;
  const withTest =
    test !== undefined && used + failingChars + test.content.length <= budget
      ? [...sources, { path: test.path, content: test.content }]
      : sources;
  const first = sources.slice(0, 1);
  const shortFailure =
    failingTest === undefined ? undefined : { ...failingTest, output: lastLines(failingTest.output) };
  // The failing run is what a pull-request fix is about: shortened, never dropped.
  const shortRun =
    failingRun === undefined ? undefined : { ...failingRun, output: lastLines(failingRun.output) };
  return [
    { issue, files: withTest, failingTest, failingRun, testCommand },
    { issue, files: sources, failingTest: shortFailure, failingRun: shortRun, testCommand },
    { issue, files: first, failingTest: shortFailure, failingRun: shortRun, testCommand },
    { issue, files: first, failingTest: undefined, failingRun: shortRun, testCommand },
  ];
}

function lastLines(output: string): string {
  return output.split("\n").slice(-15).join("\n");
}

/** The test-agent prompt from richest to leanest: all located sources and an example test, down to one source alone. */
function testPromptLevels(
  issue: IssueText,
  located: LocatedFiles,
  testPath: string,
  framework: TestFramework,
): TestPromptInput[] {
  const sourceFiles = located.sources.map(({ path, content }) => ({ path, content }));
  const example =
    located.relatedTest === undefined
      ? undefined
      : { path: located.relatedTest.path, content: located.relatedTest.content };
  const base = { purpose: "reproduce" as const, issue, testPath, framework };
  return [
    { ...base, sourceFiles, exampleTest: example },
    { ...base, sourceFiles: sourceFiles.slice(0, 1), exampleTest: example },
    { ...base, sourceFiles: sourceFiles.slice(0, 1), exampleTest: undefined },
  ];
}

/** The files that fit `budget` characters, most relevant first, always at least the first. */
function fitFiles(
  files: readonly { path: string; content: string }[],
  budget: number,
): { path: string; content: string }[] {
  const out: { path: string; content: string }[] = [];
  let used = 0;
  for (const file of files) {
    if (out.length > 0 && used + file.content.length > budget) break;
    used += file.content.length;
    out.push({ path: file.path, content: file.content });
  }
  return out;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new ModelCancelledError({ cause: signal.reason });
}
