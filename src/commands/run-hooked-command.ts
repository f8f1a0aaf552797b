import type { RepositoryPermission } from "../github/index.ts";
import type { CommandHook, CommandRequest } from "./command-dependencies.ts";
import { formatCommand, readPullRequest, reply, type CommandSession } from "./command-session.ts";

/**
 * `fix`, `tests` and `explain`: handed to the workflow that implements them when one is plugged in
 * (`deps.onFix`, `deps.onTests`); otherwise an honest reply that this version cannot do it yet.
 * The permission check has already passed.
 */
export async function runHookedCommand(
  session: CommandSession,
  name: "fix" | "tests" | "explain",
  permission: RepositoryPermission,
): Promise<void> {
  const hook: CommandHook | undefined =
    name === "fix" ? session.deps.onFix : name === "tests" ? session.deps.onTests : undefined;
  if (hook === undefined) {
    await reply(
      session,
      `${formatCommand(session, name)} is not available in this version of Quorum yet. ` +
        `${formatCommand(session, "help")} lists what is.`,
    );
    return;
  }
  let pullRequest: CommandRequest["pullRequest"];
  if (session.isPullRequest) {
    const { head, ref } = await readPullRequest(session);
    pullRequest = { ref, fromFork: head.fromFork };
    if (head.fromFork)
      session.log.info({ head: head.headRepository }, "command on a pull request from a fork");
  }
  const result = await hook({
    deliveryId: session.deliveryId,
    owner: session.owner,
    repo: session.repo,
    installationId: session.installationId,
    issueNumber: session.issueNumber,
    commentId: session.commentId,
    requestedBy: session.login,
    permission,
    config: session.config,
    configProblems: session.configProblems,
    pullRequest,
    octokit: session.octokit,
    logger: session.log,
  });
  if (result.reply !== undefined && result.reply.trim() !== "") await reply(session, result.reply);
}
