import { formatCommand, readPullRequest, reply, type CommandSession } from "./command-session.ts";
import { describeRun } from "./describe-run.ts";
import { renderRunStatus } from "./render-run-status.ts";
import { redisDeadlineMs, withDeadline } from "../queue/index.ts";

/** `status`: the state of every sub-task of the run for the pull request's current head. */
export async function runStatusCommand(session: CommandSession): Promise<void> {
  if (!session.isPullRequest) {
    await reply(
      session,
      `${formatCommand(session, "status")} shows the runs of pull requests; this is an issue.`,
    );
    return;
  }
  const { head, ref } = await readPullRequest(session);
  const run = await withDeadline(describeRun(session.deps.queues, ref), redisDeadlineMs, "Redis");
  await reply(session, renderRunStatus(run, head.headSha));
}
