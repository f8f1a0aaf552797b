import { stripHiddenText } from "../../agents/index.ts";

export interface PullRequestText {
  readonly title: string;
  readonly body: string;
}

/** GitHub's closing keywords of the "fix" family, followed by an issue reference. */
const fixesIssue =
  /\bfix(?:e[sd])?\s*:?\s+(?:#\d+|[\w.-]+\/[\w.-]+#\d+|https?:\/\/\S+\/issues\/\d+)|\bfix(?:e[sd])?\s*#\d+/i;
/** A conventional-commit title of type fix: `fix: …`, `fix(parser): …`, `fix!: …`. */
const fixTitle = /^\s*(?:\[[^\]]*\]\s*)?fix(?:\([^)]*\))?!?\s*:/i;
/** A title that starts with the verb: "Fix negative totals", "Fixes a crash". */
const fixVerbTitle = /^\s*(?:\[[^\]]*\]\s*)?(?:fix(?:e[sd])?|hotfix)\b/i;
/** Words that say a bug was there ("regression" is left out: it is also statistics). */
const bugWords = /\b(?:bugs?|bug[- ]?fix(?:es)?|hotfix(?:es)?)\b/i;
/** An unticked checklist item ("- [ ] Bug fix" in a pull-request template) claims nothing. */
const untickedItem = /^\s*(?:[-*+]|\d+[.)])\s+\[ \].*$/gm;

/**
 * Pure: does the pull request say it fixes a bug? Then a generated test that passes on the head
 * is kept only if it also fails on the base: a test that passes on both does not show the fix.
 * Reads the title and the visible description ("Fixes #12", `fix: …`, "Fix …", bug wording);
 * hidden HTML comments and unticked template checkboxes do not count.
 */
export function detectBugFixClaim(pullRequest: PullRequestText): boolean {
  const title = stripHiddenText(pullRequest.title);
  const body = stripHiddenText(pullRequest.body).replace(untickedItem, "");
  if (fixTitle.test(title) || fixVerbTitle.test(title)) return true;
  return [title, body].some((text) => fixesIssue.test(text) || bugWords.test(text));
}
