import type { Context, Probot } from "probot";
import { addCommentReaction } from "../publish/index.ts";
import { mayContainSlashCommand, parseSlashCommand } from "../triggers/index.ts";
import { claimDelivery } from "./claim-delivery.ts";
import type { CommandDependencies } from "./command-dependencies.ts";
import type { CommandSession } from "./command-session.ts";
import { dispatchCommand } from "./dispatch-command.ts";
import { readRepoConfig } from "./read-repo-config.ts";

/**
 * Slash commands in issue and pull-request comments. Bots (Quorum included) are never listened
 * to, and only new comments count: editing an old comment cannot replay or smuggle in a command.
 * Each command is answered once per delivery (redeliveries are recognised in Redis), gets a 👀
 * reaction at once, then its result.
 */
export function registerCommandHandlers(app: Probot, deps: CommandDependencies): void {
  app.on("issue_comment.created", async (context) => {
    await handleComment(context, deps);
  });
}

async function handleComment(
  context: Context<"issue_comment.created">,
  deps: CommandDependencies,
): Promise<void> {
  const { payload } = context;
  const { comment, issue, repository } = payload;
  const installationId = payload.installation?.id;
  if (comment.user?.type === "Bot" || payload.sender.type === "Bot" || installationId === undefined) return;
  if (!mayContainSlashCommand(comment.body)) return;

  const { config, problems } = await readRepoConfig(context);
  const parsed = parseSlashCommand(comment.body, { prefix: config.commands.prefix });
  if (parsed === undefined) return;

  const login = comment.user?.login ?? payload.sender.login;
  const log = context.log.child({
    delivery: context.id,
    repo: repository.full_name,
    issue: issue.number,
    command: parsed.kind === "command" ? parsed.command.name : "(invalid)",
    user: login,
  });
  const claim = await claimDelivery(deps.queues, context.id);
  if (!claim.fresh) {
    log.info("command delivery already handled");
    return;
  }
  const session: CommandSession = {
    deps,
    octokit: context.octokit,
    log,
    deliveryId: context.id,
    owner: repository.owner.login,
    repo: repository.name,
    installationId,
    issueNumber: issue.number,
    isPullRequest: Boolean(issue.pull_request),
    commentId: comment.id,
    login,
    prefix: config.commands.prefix,
    config,
    configProblems: problems,
  };
  try {
    await acknowledge(session);
    await dispatchCommand(session, parsed);
  } catch (error) {
    // Let a redelivery try again, rather than remember a command that was never answered.
    await claim
      .release()
      .catch((releaseError: unknown) =>
        log.warn({ err: releaseError }, "could not release the delivery claim"),
      );
    throw error;
  }
}

/** 👀 before any work, so the commenter knows at once. Cosmetic: a failure must not block the command. */
async function acknowledge(session: CommandSession): Promise<void> {
  try {
    await addCommentReaction(session.octokit, {
      owner: session.owner,
      repo: session.repo,
      commentId: session.commentId,
    });
  } catch (error) {
    session.log.warn({ err: error }, "could not add the 👀 reaction");
  }
}
