import type { ConfigProblem } from "../config/index.ts";

/** A markdown note naming each bad field of `.github/quorum.yml`; empty when the file was fine. */
export function renderConfigProblems(problems: readonly ConfigProblem[]): string {
  if (problems.length === 0) return "";
  const lines = problems.map((p) => `- \`${p.field}\`: ${p.message}`);
  return `\n\n**\`.github/quorum.yml\` has problems; the defaults were used for these fields:**\n${lines.join("\n")}\n`;
}
