import type { RepositoryPermission } from "../github/index.ts";
import type { ParsedSlashCommand } from "../triggers/index.ts";
import { checkCommandPermission } from "./check-command-permission.ts";
import { reply, type CommandSession } from "./command-session.ts";
import { renderEffectiveConfig } from "./render-effective-config.ts";
import { gatedCommands, renderHelp } from "./render-help.ts";
import { runCancelCommand } from "./run-cancel-command.ts";
import { runHookedCommand } from "./run-hooked-command.ts";
import { runReviewCommand } from "./run-review-command.ts";
import { runStatusCommand } from "./run-status-command.ts";

/** Runs one parsed command. Commands that write or spend compute pass the permission gate first. */
export async function dispatchCommand(session: CommandSession, parsed: ParsedSlashCommand): Promise<void> {
  if (parsed.kind === "invalid") {
    const typed = parsed.word.replace(/[`\\]/g, "").slice(0, 40);
    await reply(
      session,
      renderHelp(session.prefix, `I did not understand \`${session.prefix} ${typed}\`: ${parsed.problem}.`),
    );
    return;
  }
  const { command } = parsed;
  let permission: RepositoryPermission = "none";
  if (gatedCommands.has(command.name)) {
    const granted = await checkCommandPermission(session, command.name);
    if (granted === undefined) return;
    permission = granted;
  }
  switch (command.name) {
    case "help":
      return reply(session, renderHelp(session.prefix));
    case "config":
      return reply(session, renderEffectiveConfig(session.config, session.configProblems));
    case "status":
      return runStatusCommand(session);
    case "review":
      return runReviewCommand(session);
    case "cancel":
      return runCancelCommand(session);
    case "fix":
    case "tests":
    case "explain":
      return runHookedCommand(session, command.name, permission);
  }
}
