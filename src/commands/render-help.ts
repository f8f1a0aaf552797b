import type { SlashCommandName } from "../triggers/index.ts";

/** One line of help per command; `needsWrite` marks the ones that need write permission. */
const commandHelp: Readonly<Record<SlashCommandName, { readonly usage: string; readonly what: string }>> = {
  review: { usage: "review", what: "review the pull request's current head now" },
  tests: { usage: "tests", what: "write tests for the code this pull request changes" },
  fix: { usage: "fix", what: "propose a verified fix (as a draft pull request)" },
  explain: { usage: "explain <question>", what: "answer a question about this pull request" },
  status: { usage: "status", what: "show the latest run: its sub-tasks and their states" },
  cancel: { usage: "cancel", what: "cancel the queued work of the latest run" },
  help: { usage: "help", what: "show this list" },
  config: { usage: "config", what: "show the effective `.github/quorum.yml`" },
};

/** Commands that write or spend much compute: they need write permission on the repository. */
export const gatedCommands: ReadonlySet<SlashCommandName> = new Set([
  "review",
  "tests",
  "fix",
  "explain",
  "cancel",
]);

/** The help reply; `problem` explains why it was sent instead of what the user asked for. */
export function renderHelp(prefix: string, problem?: string): string {
  const rows = Object.entries(commandHelp).map(
    ([name, { usage, what }]) =>
      `| \`${prefix} ${usage}\` | ${what} | ${gatedCommands.has(name as SlashCommandName) ? "write" : "anyone"} |`,
  );
  return [
    ...(problem === undefined ? [] : [problem, ""]),
    "**Quorum commands** — write one at the start of a line of a comment (not in a quote or code):",
    "",
    "| command | what it does | who may use it |",
    "|---|---|---|",
    ...rows,
    "",
    "Commands take no options: what they may do is decided by the repository's settings and the",
    "commenter's permission, never by the comment.",
  ].join("\n");
}
