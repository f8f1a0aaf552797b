import type { Job } from "bullmq";
import type { Logger } from "pino";
import { fetchOwnReviewComments, fetchPullRequestFiles, type Octokit } from "../github/index.ts";
import type { ModelPool } from "../pool/index.ts";
import { publishFixResult, stopIfHeadMoved } from "../publish/index.ts";
import type { FixJobData, FixJobResult } from "../queue/index.ts";
import type { Sandbox, Workspace } from "../verify/index.ts";
import { runFixWorkflow, selectReviewFindings, type FixWorkflowInput } from "../workflows/index.ts";
import type { GitHubGateway } from "./github-gateway.ts";

export interface FixProcessorDependencies {
  readonly github: GitHubGateway;
  readonly pool: ModelPool;
  readonly sandbox: Sandbox;
  /** Opens the repository cache for a clone URL with the installation token. */
  openWorkspace(input: { cloneUrl: string; token: string; logger: Logger }): Promise<Workspace>;
  readonly logger: Logger;
  readonly demo: boolean;
}

const headChanged = { kind: "stopped", reason: "head-changed" } as const;

/**
 * One fix job: check the repository out, let the fix workflow propose and verify patches in the
 * sandbox, then open a draft PR for a verified fix or say honestly that there is none. For a pull
 * request, the work is bound to the head the command was given for: when the head has moved,
 * before the run or before publishing, the job stops and says so.
 */
export async function processFixJob(
  deps: FixProcessorDependencies,
  job: Job<FixJobData>,
  signal: AbortSignal | undefined,
): Promise<FixJobResult> {
  const { owner, repo, issue, config, pullRequest } = job.data;
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
  const target =
    pullRequest === undefined
      ? { ref: job.data.defaultBranch, sha: undefined, pullRequest: undefined }
      : {
          ref: `refs/pull/${pullRequest.ref.pullNumber}/head`,
          sha: pullRequest.ref.headSha,
          pullRequest: await readPullRequestProblems(octokit, pullRequest.ref),
        };
  const { token } = (await octokit.auth({ type: "installation" })) as { token: string };
  const workspace = await deps.openWorkspace({ cloneUrl: job.data.cloneUrl, token, logger });
  try {
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
        onProgress: (progress) => {
          logger.info({ stage: progress.stage, detail: progress.detail }, "fix progress");
          void job.updateProgress({ stage: progress.stage, detail: progress.detail });
        },
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
      logger.info({ authorizedHeadSha, status: result.status }, "head changed during the fix; not published");
      return headChanged;
    }
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
    return published.kind === "pull-request"
      ? { kind: "pull-request", number: published.number, url: published.url, branch: published.branch }
      : { kind: "comment", id: published.id };
  } finally {
    await workspace.dispose();
  }
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
