import {
  canWrite,
  fetchRepositoryPermission,
  PermissionLookupError,
  type RepositoryPermission,
} from "../github/index.ts";
import { formatCommand, reply, type CommandSession } from "./command-session.ts";

/**
 * The permission gate for commands that write or spend much compute. Asks GitHub's
 * collaborator-permission API (never `author_association`) and fails closed: when GitHub cannot
 * say, the answer is no. Replies with a polite refusal itself; returns the permission only when
 * the commenter may push (admin, maintain or write).
 */
export async function checkCommandPermission(
  session: CommandSession,
  command: string,
): Promise<RepositoryPermission | undefined> {
  let permission: RepositoryPermission;
  try {
    permission = await fetchRepositoryPermission(session.octokit, {
      owner: session.owner,
      repo: session.repo,
      username: session.login,
    });
  } catch (error) {
    if (!(error instanceof PermissionLookupError)) throw error;
    session.log.warn({ err: error, status: error.status }, "permission lookup failed; refusing the command");
    await reply(
      session,
      `Sorry, I could not check whether you have write access to this repository (GitHub did not answer), ` +
        `so I did not run ${formatCommand(session, command)}. Please try again in a few minutes.`,
    );
    return undefined;
  }
  if (canWrite(permission)) return permission;
  session.log.info({ permission, command }, "command refused: no write permission");
  await reply(
    session,
    `Sorry, ${formatCommand(session, command)} needs write access to this repository, and your permission ` +
      `here is \`${permission}\`. Someone with write access can run it for you. ` +
      `${formatCommand(session, "status")}, ${formatCommand(session, "help")} and ${formatCommand(session, "config")} work for everyone.`,
  );
  return undefined;
}
