import type { Job } from "bullmq";
import type { Logger } from "pino";
import { fetchOwnReviewComments, fetchPullRequestFiles, type Octokit } from "../github/index.ts";
import type { ModelPool } from "../pool/index.ts";
import { publishFixResult, stopIfHeadMoved, type ProgressStep } from "../publish/index.ts";
import type { FixJobData, FixJobResult } from "../queue/index.ts";
import type { Sandbox } from "../verify/index.ts";
import { runFixWorkflow, selectReviewFindings, type FixWorkflowInput } from "../workflows/index.ts";
import type { GitHubGateway } from "./github-gateway.ts";
import {
  runWithProgressComment,
  type JobProgress,
  type ProgressCommentPlan,
  type ProgressedWork,
} from "./run-with-progress-comment.ts";
import { withInstallationWorkspace, type OpenWorkspace } from "./with-installation-workspace.ts";

export interface FixProcessorDependencies {
  readonly github: GitHubGateway;
  readonly pool: ModelPool;
  readonly sandbox: Sandbox;
  /** Opens the repository cache for a clone URL with the installation token. */
  readonly openWorkspace: OpenWorkspace;
  readonly logger: Logger;
  readonly demo: boolean;
  /** Least time between two edits of a job's progress comment. Default: 3000 ms. */
  readonly progressIntervalMs?: number | undefined;
}

const headChanged = { kind: "stopped", reason: "head-changed" } as const;

/** Where a fix ends, for an issue or a pull request alike. */
const proposeVerifyPublish: readonly ProgressStep[] = [
  { label: "Ask the fix agents for patches", stages: ["proposing"] },
  { label: "Verify each candidate in the sandbox", stages: ["verifying"] },
  { label: "Publish the result", stages: ["done", "publishing"] },
];
const locateStep: ProgressStep = { label: "Find the relevant files", stages: ["locating"] };

/** The progress comment's checklist for an issue, in the order the fix workflow runs. */
const issueFixSteps: readonly ProgressStep[] = [
  { label: "Fetch the repository", stages: ["fetching"] },
  locateStep,
  { label: "Run the tests on the current code", stages: ["baseline"] },
  { label: "Write a test that reproduces the issue", stages: ["reproducing"] },
  ...proposeVerifyPublish,
];

/** For a pull request its tests run first: what fails there is what gets fixed. */
const pullRequestFixSteps: readonly ProgressStep[] = [
  { label: "Fetch the pull request's head", stages: ["fetching"] },
  { label: "Run the pull request's tests", stages: ["baseline"] },
  locateStep,
  { label: "Reproduce the problem with a test", stages: ["reproducing"] },
  ...proposeVerifyPublish,
];

/**
 * One fix job: check the repository out, let the fix workflow propose and verify patches in the
 * sandbox, then open a draft PR for a verified fix or say honestly that there is none. For a pull
 * request, the work is bound to the head the command was given for: when the head has moved,
 * before the run or before publishing, the job stops and says so. One comment on the issue or pull
 * request shows the job's progress and ends pointing to the result.
 */
export async function processFixJob(
  deps: FixProcessorDependencies,
  job: Job<FixJobData>,
  signal: AbortSignal | undefined,
): Promise<FixJobResult> {
  const { owner, repo, issue, pullRequest } = job.data;
  const logger = deps.logger.child({
    delivery: job.data.deliveryId,
    repo: `${owner}/${repo}`,
    [pullRequest === undefined ? "issue" : "pr"]: issue.number,
    job: job.id,
  });
  const octokit = await deps.github.forInstallation(job.data.installationId);
  const authorizedHeadSha = pullRequest?.ref.headSha;
  if (
    pullRequest !== undefined &&
    (await stopIfHeadMoved(octokit, pullRequest.ref, pullRequest.ref.headSha))
  ) {
    logger.info({ authorizedHeadSha }, "head changed since the command; stopped");
    return headChanged;
  }
  const progressPlan: ProgressCommentPlan = {
    target: { owner, repo, issueNumber: issue.number },
    heading: `Quorum is working on a fix for this ${pullRequest === undefined ? "issue" : "pull request"}.`,
    steps: pullRequest === undefined ? issueFixSteps : pullRequestFixSteps,
  };
  return runWithProgressComment<FixJobResult>(
    { octokit, job, logger, minIntervalMs: deps.progressIntervalMs, ...progressPlan },
    (progress) => fixAndPublish({ deps, job, signal, octokit, logger, progress }),
  );
}

interface FixRun {
  readonly deps: FixProcessorDependencies;
  readonly job: Job<FixJobData>;
  readonly signal: AbortSignal | undefined;
  readonly octokit: Octokit;
  readonly logger: Logger;
  readonly progress: JobProgress;
}

/** The fix itself: workflow, then (unless the pull request's head moved) what it found is published. */
async function fixAndPublish(run: FixRun): Promise<ProgressedWork<FixJobResult>> {
  const { deps, job, signal, octokit, logger, progress } = run;
  const { owner, repo, issue, config, pullRequest } = job.data;
  const subject = pullRequest === undefined ? "issue" : "pull request";
  const target =
    pullRequest === undefined
      ? { ref: job.data.defaultBranch, sha: undefined, pullRequest: undefined }
      : {
          ref: `refs/pull/${pullRequest.ref.pullNumber}/head`,
          sha: pullRequest.ref.headSha,
          pullRequest: await readPullRequestProblems(octokit, pullRequest.ref),
        };
  const workspaceInput = { openWorkspace: deps.openWorkspace, octokit, cloneUrl: job.data.cloneUrl, logger };
  return withInstallationWorkspace(workspaceInput, async (workspace) => {
    const result = await runFixWorkflow(
      {
        issue,
        ...target,
        testCommand: { command: config.verify.command, testFileCommand: config.verify.testFileCommand },
        settings: {
          fixAgents: config.fix.agents,
          runLimits: { timeoutMs: config.verify.timeoutMinutes * 60_000 },
        },
      },
      {
        pool: deps.pool,
        sandbox: deps.sandbox,
        workspace,
        logger,
        signal,
        onProgress: ({ stage, detail }) => progress.report(stage, detail),
      },
    );
    if (
      pullRequest !== undefined &&
      (await stopIfHeadMoved(
        octokit,
        pullRequest.ref,
        pullRequest.ref.headSha,
        "Nothing was published: the result was for the old head.",
      ))
    ) {
      logger.info(
        { authorizedHeadSha: pullRequest.ref.headSha, status: result.status },
        "head changed during the fix; not published",
      );
      return {
        result: headChanged,
        outcome: {
          kind: "stopped",
          reason: "the pull request's head changed during the fix, so nothing was published",
        },
      };
    }
    progress.report(
      "publishing",
      result.status === "verified" ? "opening a draft pull request" : "writing the report",
    );
    const published = await publishFixResult(octokit, {
      owner,
      repo,
      issueNumber: issue.number,
      issueTitle: issue.title,
      // A pull request's fix goes into its own branch (same repository: forks were declined).
      baseBranch: pullRequest?.headRef ?? job.data.defaultBranch,
      kind: pullRequest === undefined ? "issue" : "pull-request",
      result,
      demo: deps.demo,
    });
    logger.info({ status: result.status, published: published.kind }, "fix published");
    if (published.kind === "pull-request") {
      const { number, url, branch } = published;
      return {
        result: { kind: "pull-request", number, url, branch },
        outcome: { kind: "pull-request", summary: "Quorum verified a fix", number },
      };
    }
    return {
      result: { kind: "comment", id: published.id },
      outcome: {
        kind: "comment",
        summary:
          result.status === "nothing-to-fix"
            ? `Quorum found nothing to fix in this ${subject}`
            : "Quorum found no verified fix",
      },
    };
  });
}

/** Quorum's open findings on the pull request and the paths it changes: what its fix starts from. */
async function readPullRequestProblems(
  octokit: Octokit,
  ref: NonNullable<FixJobData["pullRequest"]>["ref"],
): Promise<NonNullable<FixWorkflowInput["pullRequest"]>> {
  const [comments, files] = await Promise.all([
    fetchOwnReviewComments(octokit, { owner: ref.owner, repo: ref.repo, pullNumber: ref.pullNumber }),
    fetchPullRequestFiles(octokit, ref),
  ]);
  return {
    findings: selectReviewFindings(comments),
    changedPaths: files.filter((file) => file.status !== "removed").map((file) => file.path),
  };
}
