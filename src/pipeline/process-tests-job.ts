import type { Job } from "bullmq";
import type { Logger } from "pino";
import type { Octokit } from "../github/index.ts";
import { publishGeneratedTests, type ProgressStep } from "../publish/index.ts";
import type { FixJobResult, TestsJobData } from "../queue/index.ts";
import type { Workspace } from "../verify/index.ts";
import { detectBugFixClaim, runTestGenerationWorkflow } from "../workflows/index.ts";
import type { FixProcessorDependencies } from "./process-fix-job.ts";
import {
  runWithProgressComment,
  type JobProgress,
  type ProgressCommentPlan,
  type ProgressedWork,
} from "./run-with-progress-comment.ts";
import { withInstallationWorkspace } from "./with-installation-workspace.ts";

/** The progress comment's checklist, in the order test generation runs. */
const testGenerationSteps: readonly ProgressStep[] = [
  { label: "Fetch the pull request's head", stages: ["fetching"] },
  { label: "Prepare the dependencies", stages: ["installing"] },
  { label: "Write and run a test for each changed file", stages: ["writing", "running"] },
  { label: "Measure the coverage change", stages: ["coverage"] },
  { label: "Publish the result", stages: ["done", "publishing"] },
];

export interface TestsProcessorDependencies extends FixProcessorDependencies {
  /** The package registry sandboxed dependency installs may reach (`QUORUM_INSTALL_REGISTRY`). Default: none. */
  readonly installRegistry?: string | undefined;
}

/**
 * One test-generation job: agents write tests for the pull request's changed files; a test is kept
 * only if it passes on the head in the sandbox, and, when the pull request says it fixes a bug,
 * fails on its base. Kept tests go to a draft PR into the PR's branch. One comment on the pull
 * request shows the job's progress and ends pointing to the result.
 */
export async function processTestsJob(
  deps: TestsProcessorDependencies,
  job: Job<TestsJobData>,
  signal: AbortSignal | undefined,
): Promise<FixJobResult> {
  const { owner, repo, pullRequest } = job.data;
  const logger = deps.logger.child({
    delivery: job.data.deliveryId,
    repo: `${owner}/${repo}`,
    pr: pullRequest.number,
    job: job.id,
  });
  const octokit = await deps.github.forInstallation(job.data.installationId);
  const progressPlan: ProgressCommentPlan = {
    target: { owner, repo, issueNumber: pullRequest.number },
    heading: "Quorum is writing tests for this pull request.",
    steps: testGenerationSteps,
  };
  const workspaceInput = { openWorkspace: deps.openWorkspace, octokit, cloneUrl: job.data.cloneUrl, logger };
  return runWithProgressComment<FixJobResult>(
    { octokit, job, logger, minIntervalMs: deps.progressIntervalMs, ...progressPlan },
    (progress) =>
      withInstallationWorkspace(workspaceInput, (workspace) =>
        writeAndPublishTests({ deps, job, signal, octokit, logger, progress, workspace }),
      ),
  );
}

interface TestsRun {
  readonly deps: TestsProcessorDependencies;
  readonly job: Job<TestsJobData>;
  readonly signal: AbortSignal | undefined;
  readonly octokit: Octokit;
  readonly logger: Logger;
  readonly progress: JobProgress;
  readonly workspace: Workspace;
}

/** The work itself: tests written and run in the sandbox, then what was kept published. */
async function writeAndPublishTests(run: TestsRun): Promise<ProgressedWork<FixJobResult>> {
  const { deps, job, signal, octokit, logger, progress, workspace } = run;
  const { owner, repo, pullRequest, config } = job.data;
  const claimsBugFix = detectBugFixClaim(pullRequest);
  const result = await runTestGenerationWorkflow(
    {
      pullRequest: { number: pullRequest.number, title: pullRequest.title, body: pullRequest.body },
      headRef: `refs/pull/${pullRequest.number}/head`,
      headSha: pullRequest.headSha,
      claimsBugFix,
      baseRef: pullRequest.baseRef,
      baseSha: pullRequest.baseSha,
      changedFiles: job.data.changedFiles,
      testCommand: { command: config.verify.command, testFileCommand: config.verify.testFileCommand },
      settings: { runLimits: { timeoutMs: config.verify.timeoutMinutes * 60_000 } },
    },
    {
      pool: deps.pool,
      sandbox: deps.sandbox,
      workspace,
      logger,
      signal,
      installRegistry: deps.installRegistry,
      onProgress: ({ stage, detail }) => progress.report(stage, detail),
    },
  );
  progress.report(
    "publishing",
    result.kept.length > 0 ? "opening a draft pull request" : "writing the report",
  );
  const published = await publishGeneratedTests(octokit, {
    owner,
    repo,
    pullNumber: pullRequest.number,
    headBranch: pullRequest.headRef,
    result,
    demo: deps.demo,
  });
  logger.info(
    { kept: result.kept.length, claimsBugFix, coverage: result.coverage?.kind, published: published.kind },
    "tests published",
  );
  return {
    result: published,
    outcome:
      published.kind === "pull-request"
        ? { kind: "pull-request", summary: "Quorum wrote tests that pass", number: published.number }
        : { kind: "comment", summary: "Quorum kept no generated test" },
  };
}
