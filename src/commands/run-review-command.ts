import {
  computeRunId,
  enqueuePrepare,
  redisDeadlineMs,
  toJobIds,
  withDeadline,
  type PrepareJobData,
} from "../queue/index.ts";
import { cancelRun } from "./cancel-run.ts";
import { formatCommand, readPullRequest, reply, type CommandSession } from "./command-session.ts";

/**
 * A review requested by a command. The permission was granted for `authorizedHeadSha`; the
 * prepare step stops with "head changed" when the pull request has moved on by then.
 */
export interface CommandPrepareJobData extends PrepareJobData {
  readonly authorizedHeadSha: string;
  readonly requestedBy: string;
  /** Noted for later workflows: code of a fork's head runs only in the sandbox and is never pushed to. */
  readonly fromFork: boolean;
}

/**
 * `review`: enqueues a review of the pull request's current head exactly as a pull_request event
 * would, with trigger `command`. Runs even when automatic reviews are switched off in
 * `.github/quorum.yml`: the user asked explicitly. A head already reviewed or being reviewed is
 * not reviewed twice; a failed run of the same head is cleared and run again.
 */
export async function runReviewCommand(session: CommandSession): Promise<void> {
  if (!session.isPullRequest) {
    await reply(session, `${formatCommand(session, "review")} works on pull requests; this is an issue.`);
    return;
  }
  const { head, ref } = await readPullRequest(session);
  if (head.state !== "open") {
    await reply(
      session,
      `This pull request is ${head.merged ? "merged" : "closed"}; Quorum reviews open pull requests only.`,
    );
    return;
  }
  const { queues } = session.deps;
  const runId = computeRunId(ref);
  const cancelled = await withDeadline(queues.runs.cancelledReason(runId), redisDeadlineMs, "Redis");
  if (cancelled !== null) {
    // The cancellation is remembered for this head (its jobs would skip their work): say so.
    await reply(
      session,
      `The run for \`${head.headSha.slice(0, 12)}\` was cancelled (${cancelled}). Push a new commit for a new review.`,
    );
    return;
  }
  const publish = await withDeadline(
    queues.control.getJob(toJobIds(runId).publish),
    redisDeadlineMs,
    "Redis",
  );
  const state =
    publish === undefined ? undefined : await withDeadline(publish.getState(), redisDeadlineMs, "Redis");
  if (state === "failed") {
    await withDeadline(cancelRun(queues, ref, { clearFailed: true }), redisDeadlineMs, "Redis");
  } else if (state !== undefined) {
    const what = state === "completed" ? "has already reviewed" : "is already reviewing";
    await reply(
      session,
      `Quorum ${what} the current head \`${head.headSha.slice(0, 12)}\`. ` +
        `Push a new commit for a new review; ${formatCommand(session, "status")} shows the run.`,
    );
    return;
  }
  const data: CommandPrepareJobData = {
    deliveryId: session.deliveryId,
    pr: ref,
    trigger: "command",
    config: session.config,
    configProblems: session.configProblems,
    authorizedHeadSha: ref.headSha,
    requestedBy: session.login,
    fromFork: head.fromFork,
  };
  const { jobId, created } = await withDeadline(enqueuePrepare(queues, data), redisDeadlineMs, "Redis");
  session.log.info(
    { job: jobId, created, head: ref.headSha, fromFork: head.fromFork },
    created ? "review queued by command" : "command delivery already queued",
  );
}
