import { stringify } from "yaml";
import type { ConfigProblem, RepoConfig } from "../config/index.ts";

/**
 * The `config` reply: the effective configuration (defaults applied) as YAML in a code block, and
 * the file's problems. The fence is longer than any backtick run in the values, so a value cannot
 * close it; the reply is sanitised again when posted.
 */
export function renderEffectiveConfig(config: RepoConfig, problems: readonly ConfigProblem[]): string {
  const yaml = stringify(config, { lineWidth: 0 }).trimEnd();
  const longestRun = Math.max(2, ...(yaml.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const problemLines = problems.map(
    (p) => `- \`${p.field.replaceAll("`", "'")}\`: ${p.message.replaceAll("`", "'")}`,
  );
  return [
    "**Effective Quorum configuration** (`.github/quorum.yml` with defaults applied):",
    "",
    `${fence}yaml`,
    yaml,
    fence,
    ...(problemLines.length === 0
      ? []
      : ["", "**The file has problems; the defaults were used for these fields:**", ...problemLines]),
  ].join("\n");
}
