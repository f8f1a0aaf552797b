import { completeCheckRun } from "../publish/index.ts";
import { cancelRun } from "./cancel-run.ts";
import { formatCommand, readPullRequest, reply, type CommandSession } from "./command-session.ts";
import { redisDeadlineMs, withDeadline } from "../queue/index.ts";

/** `cancel`: removes the queued jobs of the current head's run and marks its check run cancelled. */
export async function runCancelCommand(session: CommandSession): Promise<void> {
  if (!session.isPullRequest) {
    await reply(session, `${formatCommand(session, "cancel")} cancels pull-request runs; this is an issue.`);
    return;
  }
  const { head, ref } = await readPullRequest(session);
  const outcome = await withDeadline(
    cancelRun(session.deps.queues, ref, { reason: `cancelled by ${session.login}` }),
    redisDeadlineMs,
    "Redis",
  );
  const sha = `\`${head.headSha.slice(0, 12)}\``;
  session.log.info({ ...outcome, head: head.headSha }, "cancel command");
  if (outcome.status === "cancelled" && outcome.checkRunId !== undefined) {
    try {
      await completeCheckRun(session.octokit, {
        owner: session.owner,
        repo: session.repo,
        checkRunId: outcome.checkRunId,
        conclusion: "cancelled",
        title: "Cancelled",
        summary: `The run was cancelled with a \`cancel\` command by ${session.login}.`,
      });
    } catch (error) {
      // The jobs are gone either way; a stale check run is cosmetic.
      session.log.warn({ err: error }, "could not mark the check run cancelled");
    }
  }
  const running =
    outcome.stillRunning > 0
      ? ` ${outcome.stillRunning} sub-task(s) were already running; they finish, but nothing from this run will be posted.`
      : "";
  const messages: Record<typeof outcome.status, string> = {
    cancelled: `Cancelled the run for ${sha}: ${outcome.removed} queued job(s) removed.${running}`,
    "nothing-to-cancel": `There is no queued run for the current head ${sha}; nothing to cancel.`,
    "already-finished": `The run for ${sha} has already finished; nothing to cancel. ${formatCommand(session, "status")} shows it.`,
    "too-late": `The run for ${sha} is already publishing (or planning) and cannot be stopped now.`,
  };
  await reply(session, messages[outcome.status]);
}
