import type { Job } from "bullmq";
import { publishGeneratedTests } from "../publish/index.ts";
import type { FixJobResult, TestsJobData } from "../queue/index.ts";
import { detectBugFixClaim, runTestGenerationWorkflow } from "../workflows/index.ts";
import type { FixProcessorDependencies } from "./process-fix-job.ts";

export interface TestsProcessorDependencies extends FixProcessorDependencies {
  /** The package registry sandboxed dependency installs may reach (`QUORUM_INSTALL_REGISTRY`). Default: none. */
  readonly installRegistry?: string | undefined;
}

/**
 * One test-generation job: agents write tests for the pull request's changed files; a test is kept
 * only if it passes on the head in the sandbox, and, when the pull request says it fixes a bug,
 * fails on its base. Kept tests go to a draft PR into the PR's branch.
 */
export async function processTestsJob(
  deps: TestsProcessorDependencies,
  job: Job<TestsJobData>,
  signal: AbortSignal | undefined,
): Promise<FixJobResult> {
  const { owner, repo, pullRequest, config } = job.data;
  const logger = deps.logger.child({
    delivery: job.data.deliveryId,
    repo: `${owner}/${repo}`,
    pr: pullRequest.number,
    job: job.id,
  });
  const claimsBugFix = detectBugFixClaim(pullRequest);
  const octokit = await deps.github.forInstallation(job.data.installationId);
  const { token } = (await octokit.auth({ type: "installation" })) as { token: string };
  const workspace = await deps.openWorkspace({ cloneUrl: job.data.cloneUrl, token, logger });
  try {
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
      },
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
    return published;
  } finally {
    await workspace.dispose();
  }
}
