import type { Job } from "bullmq";
import type { Logger } from "pino";
import type { ModelPool } from "../pool/index.ts";
import { publishFixResult } from "../publish/index.ts";
import type { FixJobData, FixJobResult } from "../queue/index.ts";
import type { Sandbox, Workspace } from "../verify/index.ts";
import { runFixWorkflow } from "../workflows/index.ts";
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

/**
 * One fix job: check the repository out, let the fix workflow propose and verify patches in the
 * sandbox, then open a draft PR for a verified fix or say honestly that there is none.
 */
export async function processFixJob(
  deps: FixProcessorDependencies,
  job: Job<FixJobData>,
  signal: AbortSignal | undefined,
): Promise<FixJobResult> {
  const { owner, repo, issue, config } = job.data;
  const logger = deps.logger.child({
    delivery: job.data.deliveryId,
    repo: `${owner}/${repo}`,
    issue: issue.number,
    job: job.id,
  });
  const octokit = await deps.github.forInstallation(job.data.installationId);
  const { token } = (await octokit.auth({ type: "installation" })) as { token: string };
  const workspace = await deps.openWorkspace({ cloneUrl: job.data.cloneUrl, token, logger });
  try {
    const result = await runFixWorkflow(
      {
        issue,
        ref: job.data.defaultBranch,
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
    const published = await publishFixResult(octokit, {
      owner,
      repo,
      issueNumber: issue.number,
      issueTitle: issue.title,
      baseBranch: job.data.defaultBranch,
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
