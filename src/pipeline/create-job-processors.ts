import type { Job } from "bullmq";
import type { Logger } from "pino";
import { runReviewAgent } from "../agents/index.ts";
import type { AgentReport, FusedReview, PullRequestRef } from "../domain/index.ts";
import { addFingerprints, filterAlreadyPosted, fuseReviews } from "../fuse/index.ts";
import { fetchPullRequestFiles } from "../github/index.ts";
import { planReview } from "../plan/index.ts";
import { ModelCancelledError, type ModelPool } from "../pool/index.ts";
import {
  completeCheckRun,
  createCheckRun,
  placeFindings,
  postReview,
  redactSecrets,
  sanitizeForGitHub,
  stopIfHeadMoved,
  updateCheckRun,
} from "../publish/index.ts";
import {
  buildReviewFlow,
  computeRunId,
  toJobIds,
  type FuseJobData,
  type JobProcessors,
  type PrepareJobData,
  type PublishJobData,
  type ReviewJobData,
  type ReviewQueues,
  type RunContext,
} from "../queue/index.ts";
import {
  appendFingerprintMarker,
  renderCheckRunOutput,
  renderInlineComment,
  renderReviewSummary,
} from "../report/index.ts";
import type { GitHubGateway } from "./github-gateway.ts";
import { toFuseOptions, toPlanOptions } from "./map-repo-config.ts";
import { readKnownFingerprints } from "./read-known-fingerprints.ts";
import { renderConfigProblems } from "./render-config-problems.ts";
import { selectFilesToReview } from "./select-files-to-review.ts";
import { sanitizeFusedReview } from "./sanitize-fused-review.ts";

export interface PipelineDependencies {
  readonly github: GitHubGateway;
  /** Needed by workers that run model jobs; control-only workers pass none. */
  readonly pool?: ModelPool | undefined;
  readonly queues: ReviewQueues;
  readonly logger: Logger;
  /** The pool is the bundled toy model: every posted text says so. */
  readonly demo: boolean;
}

/** A review task that produced nothing (cancelled, or failed for good): it abstains in the vote. */
function failedReport(
  task: { reviewer: string; chunkId: string },
  model: string,
  reason: string,
): AgentReport {
  return {
    status: "failed",
    chunkId: task.chunkId,
    agent: { reviewer: task.reviewer, model, weight: 1 },
    reason,
    usage: { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0, durationMs: 0 },
  };
}

function describePr(pr: PullRequestRef): Record<string, unknown> {
  return { repo: `${pr.owner}/${pr.repo}`, pr: pr.pullNumber, head: pr.headSha.slice(0, 12) };
}

/**
 * Quiet by default: after a push, the conversation only hears from Quorum when agents agreed on
 * something not posted before; the check run carries the rest. A newly opened (or reopened, or ready) pull request
 * always gets one summary review, so its author knows the review happened and what it covered.
 */
function shouldPostReview(trigger: string, freshFindings: number): boolean {
  return freshFindings > 0 || trigger !== "synchronize";
}

export class NoPoolError extends Error {
  override readonly name = "NoPoolError";
  readonly retryable = false;
}

/** The review pipeline's steps as BullMQ job processors: prepare → review × N → fuse → publish. */
export function createJobProcessors(deps: PipelineDependencies): JobProcessors {
  const { github, queues, logger, demo } = deps;

  const logFor = (
    run: Pick<RunContext, "pr" | "deliveryId">,
    job: Job,
    extra?: Record<string, unknown>,
  ): Logger => logger.child({ delivery: run.deliveryId, ...describePr(run.pr), job: job.id, ...extra });

  return {
    async prepare(job: Job<PrepareJobData>) {
      const { pr, config, configProblems, deliveryId, trigger } = job.data;
      const runId = computeRunId(pr);
      const log = logFor(job.data, job, { run: runId });
      if (await queues.control.getJob(toJobIds(runId).publish)) {
        log.info("this head is already being reviewed");
        return { runId, status: "duplicate", reviewTasks: 0 };
      }
      if (await queues.runs.isSuperseded(pr)) {
        log.info("a newer push superseded this head before its review started");
        return { runId, status: "superseded", reviewTasks: 0 };
      }
      const previousRun = await queues.runs.replaceCurrentRun(pr, runId);
      if (previousRun !== null) {
        await queues.runs.cancel(previousRun, `superseded by ${pr.headSha.slice(0, 12)}`);
        log.info({ cancelled: previousRun }, "cancelled the review of an older head");
      }
      const octokit = await github.forInstallation(pr.installationId);
      // A command authorised this head only: if the PR moved since, stop before creating anything.
      const { authorizedHeadSha } = job.data;
      if (authorizedHeadSha !== undefined && (await stopIfHeadMoved(octokit, pr, authorizedHeadSha))) {
        log.info({ authorizedHeadSha }, "head changed since the command; stopped");
        return { runId, status: "head-changed", reviewTasks: 0 };
      }
      let checkRunId = job.data.checkRunId;
      if (checkRunId === undefined) {
        const created = await createCheckRun(octokit, {
          owner: pr.owner,
          repo: pr.repo,
          headSha: pr.headSha,
          externalId: runId,
          title: "Planning the review",
          summary: "Quorum is reading the change.",
        });
        checkRunId = created.id;
        await job.updateData({ ...job.data, checkRunId });
      }
      const files = await fetchPullRequestFiles(octokit, {
        owner: pr.owner,
        repo: pr.repo,
        pullNumber: pr.pullNumber,
      });
      const selected = await selectFilesToReview({
        octokit,
        memory: queues.memory,
        pr,
        trigger,
        prFiles: files,
      });
      const plan = planReview(selected.files, toPlanOptions(config));
      const reviewTasks = plan.tasks.filter((t) => t.kind === "review").length;
      await updateCheckRun(octokit, {
        owner: pr.owner,
        repo: pr.repo,
        checkRunId,
        title: `Reviewing: ${plan.chunks.length} chunk(s) × ${plan.reviewers} agents`,
        summary:
          (selected.since === undefined
            ? ""
            : `Incremental review of the changes since \`${selected.since.slice(0, 12)}\`, the last reviewed commit. `) +
          `${reviewTasks} review task(s) queued for ${selected.files.length} file(s)` +
          (plan.skipped.length > 0 ? `; ${plan.skipped.length} file(s) skipped or clipped.` : ".") +
          renderConfigProblems(configProblems),
      });
      const run: RunContext = { runId, deliveryId, pr, trigger, checkRunId };
      await queues.flows.add(buildReviewFlow({ run, plan, files, config, configProblems }));
      log.info(
        { chunks: plan.chunks.length, reviewTasks, skipped: plan.skipped.length, since: selected.since },
        "review planned",
      );
      return { runId, status: "planned", reviewTasks };
    },

    async review(job: Job<ReviewJobData>, signal: AbortSignal | undefined) {
      if (!deps.pool)
        throw new NoPoolError("this worker has no model pool; start it with a pool to take review jobs");
      const { run, task, chunk } = job.data;
      const log = logFor(run, job, { run: run.runId, task: task.id });
      const cancelled = await queues.runs.cancelledReason(run.runId);
      if (cancelled !== null) return failedReport(task, "none", `cancelled: ${cancelled}`);
      const watch = await queues.runs.watch(run.runId);
      let report: AgentReport;
      try {
        report = await runReviewAgent({
          pool: deps.pool,
          chunk,
          task,
          signal: signal ? AbortSignal.any([signal, watch.signal]) : watch.signal,
          logger: log,
          priority: run.trigger === "command" ? "command" : "automatic",
          tenant: `${run.pr.owner}/${run.pr.repo}`,
        });
      } catch (error) {
        // A cancelled run's tasks end as failed reports, so fuse and publish still close the run.
        if (error instanceof ModelCancelledError && watch.signal.aborted) {
          return failedReport(task, "none", "cancelled: a newer push superseded this run");
        }
        throw error;
      } finally {
        watch.dispose();
      }
      log.info(
        {
          status: report.status,
          model: report.agent.model,
          findings: report.status === "ok" ? report.findings.length : 0,
        },
        "review task done",
      );
      return report;
    },

    async fuse(job: Job<FuseJobData>) {
      const { run, reviewTasks, config, skippedFiles } = job.data;
      const values = await job.getChildrenValues<AgentReport>();
      const reports = Object.values(values);
      const seen = new Set(reports.map((r) => `${r.chunkId}/${r.agent.reviewer}`));
      const lost: AgentReport[] = reviewTasks
        .filter((t) => !seen.has(`${t.chunkId}/${t.reviewer}`))
        .map((t) => failedReport(t, "unknown", "the review task failed after its retries"));
      const fused = fuseReviews([...reports, ...lost], { ...toFuseOptions(config), skippedFiles });
      logFor(run, job, { run: run.runId }).info(
        { agreed: fused.agreed.length, notAgreed: fused.notAgreed.length, failed: fused.failedAgents.length },
        "findings fused",
      );
      return fused;
    },

    async publish(job: Job<PublishJobData & { reviewId?: number }>) {
      const { run, files, configProblems } = job.data;
      const { pr } = run;
      const log = logFor(run, job, { run: run.runId });
      const rawFused = Object.values(await job.getChildrenValues<FusedReview>())[0];
      if (!rawFused) throw new Error(`run ${run.runId} has no fused result`);
      const octokit = await github.forInstallation(pr.installationId);
      const cancelled = await queues.runs.cancelledReason(run.runId);
      if (cancelled !== null && job.data.reviewId === undefined) {
        await queues.runs.finalize(run.runId);
        await completeCheckRun(octokit, {
          owner: pr.owner,
          repo: pr.repo,
          checkRunId: run.checkRunId,
          conclusion: "cancelled",
          title: "Review cancelled",
          summary: `This review was cancelled (${sanitizeForGitHub(cancelled)}). Nothing was posted for this commit.`,
        });
        log.info({ reason: cancelled }, "run cancelled; nothing posted");
        return { reviewId: null, inlineComments: 0 };
      }
      const fused = sanitizeFusedReview(rawFused, (text) =>
        sanitizeForGitHub(text, { owner: pr.owner, repo: pr.repo }),
      );
      const known = await readKnownFingerprints({ octokit, memory: queues.memory, pr, trigger: run.trigger });
      const { fresh } = filterAlreadyPosted(addFingerprints(fused.agreed, files), known);
      const placement = placeFindings(fresh, files, (f) =>
        f.fingerprint === undefined
          ? renderInlineComment(f)
          : appendFingerprintMarker(renderInlineComment(f), f.fingerprint),
      );
      const summary =
        renderReviewSummary(fused, {
          outsideDiff: placement.outsideDiff,
          inlineCount: placement.inline.length,
          headSha: pr.headSha,
          demo,
        }) + renderConfigProblems(configProblems);
      let reviewId = job.data.reviewId ?? null;
      if (reviewId === null && shouldPostReview(run.trigger, fresh.length)) {
        const posted = await postReview(octokit, {
          owner: pr.owner,
          repo: pr.repo,
          pullNumber: pr.pullNumber,
          commitId: pr.headSha,
          body: redactSecrets(summary),
          comments: placement.inline.map((c) => ({ ...c, body: redactSecrets(c.body) })),
        });
        reviewId = posted.id;
        await job.updateData({ ...job.data, reviewId });
        await queues.memory.record(
          pr,
          pr.headSha,
          fresh.map((f) => f.fingerprint).filter((fp): fp is string => fp !== undefined),
        );
      } else {
        await queues.memory.record(pr, pr.headSha, []);
      }
      const output = renderCheckRunOutput(fused, { inlineCount: placement.inline.length, demo });
      await queues.runs.finalize(run.runId);
      await completeCheckRun(octokit, {
        owner: pr.owner,
        repo: pr.repo,
        checkRunId: run.checkRunId,
        conclusion: output.conclusion,
        title: output.title,
        summary: redactSecrets(`${output.summary}\n\n${summary}`),
      });
      log.info(
        { reviewId, inline: placement.inline.length, outsideDiff: placement.outsideDiff.length },
        "review published",
      );
      return { reviewId, inlineComments: reviewId === null ? 0 : placement.inline.length };
    },

    async giveUp(job: Job, error: Error) {
      const data = job.data as Partial<PrepareJobData & PublishJobData>;
      const pr = data.pr ?? data.run?.pr;
      const checkRunId = data.checkRunId ?? data.run?.checkRunId;
      if (!pr || checkRunId === undefined) return;
      const octokit = await github.forInstallation(pr.installationId);
      if (data.run) await queues.runs.finalize(data.run.runId);
      await completeCheckRun(octokit, {
        owner: pr.owner,
        repo: pr.repo,
        checkRunId,
        conclusion: "neutral",
        title: "Quorum could not finish this review",
        summary: `The ${job.name} step failed after ${job.attemptsMade} attempt(s): ${sanitizeForGitHub(error.message, { owner: pr.owner, repo: pr.repo })}\n\nThe operator can find details in the worker log under job \`${job.id ?? "?"}\`. Push again or re-run the check to retry.`,
      });
    },
  };
}
