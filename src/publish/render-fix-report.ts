import type {
  CandidateLike,
  FixResultLike,
  FixTargetsLike,
  LogStepLike,
  VerificationLogLike,
} from "./fix-publication.ts";
import { redactSecrets } from "./redact-secrets.ts";
import { sanitizeForGitHub, type SanitizeOptions } from "./sanitize-for-github.ts";

/** Output shown per failing step; the whole report must stay well inside GitHub's 65 536 characters. */
const maxOutputChars = 3000;
const maxDetailedSteps = 6;

export interface FixReportContext {
  readonly issueNumber: number;
  /** What `issueNumber` names: the fix is for an issue, or for a pull request's problems. Default: "issue". */
  readonly kind?: "issue" | "pull-request" | undefined;
  /** The pool is a demo pool: a warning says its agents cannot really fix code. Default: false. */
  readonly demo?: boolean | undefined;
  /** Which links stay clickable in untrusted text (see `sanitizeForGitHub`). */
  readonly sanitize?: SanitizeOptions | undefined;
}

/**
 * Reports are built from our own words plus untrusted pieces (model explanations, paths, test
 * output). Each untrusted piece is sanitised where it is inserted, and output goes into code
 * blocks, so the report keeps its own structure (tables, collapsible sections).
 */

/** The body of the draft pull request for a verified fix. Model text is quoted, never trusted. */
export function renderFixPullRequestBody(
  result: Extract<FixResultLike, { status: "verified" }>,
  context: FixReportContext,
): string {
  const test = result.reproduction.test;
  const pullRequest = context.kind === "pull-request";
  const fileLines = result.files.map((file) => {
    const what =
      test !== undefined && file.path === test.path
        ? ` — new test that reproduces ${pullRequest ? "a finding" : "the issue"}`
        : file.before === undefined
          ? " — new file"
          : "";
    return `- ${code(file.path)}${what}`;
  });
  return [
    ...(pullRequest
      ? [
          `For #${context.issueNumber}: a fix made on its head ${code(result.baseSha.slice(0, 7))}. Merge this draft into the pull request's branch if you want it; nothing was pushed to that branch.`,
          "",
          ...renderTargets(result.targets, result.log.testCommand),
        ]
      : [`Fixes #${context.issueNumber}.`]),
    "",
    "Quorum proposes this change **after running the repository's tests on it in a sandbox**; the log is below. It is a draft: review it like any other change. Quorum never approves or merges.",
    ...demoWarning(context),
    "",
    "### What changed",
    "",
    quote(safe(result.explanation || "(the agent gave no explanation)", context)),
    "",
    ...fileLines,
    "",
    "### Why we believe it works",
    "",
    `${safe(capitalise(result.evidence), context)}.`,
    "",
    ...renderCandidates(result.candidates, result.selected.id, context),
    "",
    ...renderVerificationLog(result.log, context),
  ].join("\n");
}

/** The issue comment when no candidate passed: what was tried and why each attempt failed. */
export function renderNoVerifiedFixComment(
  result: Extract<FixResultLike, { status: "no-verified-fix" }>,
  context: FixReportContext,
): string {
  const pullRequest = context.kind === "pull-request";
  return [
    `**Quorum found no verified fix for #${context.issueNumber}.** ${safe(capitalise(result.reason), context)}.`,
    "",
    "Nothing was pushed: Quorum only proposes a change after the repository's tests passed with it.",
    ...demoWarning(context),
    ...(pullRequest ? ["", ...renderTargets(result.targets, result.log.testCommand)] : []),
    "",
    "### What was tried",
    "",
    `- ${pullRequest ? "A new test reproducing the problem" : "Reproducing the issue with a new test"}: ${safe(result.reproduction.summary, context)}.`,
    ...(result.candidates.length === 0 ? ["- No fix agent was asked."] : []),
    "",
    ...renderCandidates(result.candidates, undefined, context),
    "",
    ...renderVerificationLog(result.log, context),
  ].join("\n");
}

/** The pull-request comment when its tests pass and Quorum has no open finding on it. */
export function renderNothingToFixComment(
  result: Extract<FixResultLike, { status: "nothing-to-fix" }>,
  context: FixReportContext,
): string {
  return [
    `**Quorum found nothing to fix in #${context.issueNumber}.** ${safe(capitalise(result.reason), context)}.`,
    "",
    "Nothing was pushed. Quorum fixes a pull request's failing tests and its own review findings; when a review finds something, comment the command again.",
    "",
    ...renderVerificationLog(result.log, context),
  ].join("\n");
}

/** What a pull-request fix aimed at: the failing test command and the findings, by place. */
function renderTargets(targets: FixTargetsLike | undefined, testCommand: string | undefined): string[] {
  if (targets === undefined) return [];
  const lines = [
    ...(targets.failingTests && testCommand !== undefined
      ? [`- ${code(testCommand)} failed on the pull request's head.`]
      : []),
    ...targets.findings.map((f) => `- Quorum's review finding on ${code(f.path)} line ${f.line}.`),
  ];
  return lines.length === 0 ? [] : ["### What it addresses", "", ...lines];
}

function demoWarning(context: FixReportContext): string[] {
  return context.demo === true
    ? ["", "> [!WARNING]", "> This Quorum runs a **demo model pool**: its agents cannot really fix code."]
    : [];
}

function renderCandidates(
  candidates: readonly CandidateLike[],
  selectedId: number | undefined,
  context: FixReportContext,
): string[] {
  if (candidates.length === 0) return [];
  const rows = candidates.map((candidate) => {
    const who = candidate.proposers.map((p) => `agent ${p.slot + 1} (${cell(p.model, context)})`).join(", ");
    const status =
      candidate.id === selectedId
        ? "✅ selected"
        : candidate.status === "verified"
          ? "✅ verified"
          : candidate.status === "unproven"
            ? "⚠️ unproven"
            : candidate.status === "rejected"
              ? "❌ rejected"
              : "❌ no usable answer";
    const size = candidate.changedLines === undefined ? "" : ` (${candidate.changedLines} lines changed)`;
    return `| ${candidate.id} | ${who} | ${status} | ${cell(candidate.reason, context)}${size} |`;
  });
  const explained = candidates.filter((c) => c.explanation !== undefined && c.explanation.trim() !== "");
  const explanations = explained.map((c) =>
    quote(safe(`Candidate ${c.id}: ${oneLine(c.explanation ?? "")}`, context)),
  );
  return [
    "### Candidates",
    "",
    "| # | Proposed by | Result | Why |",
    "|---|---|---|---|",
    ...rows,
    ...(explanations.length === 0
      ? []
      : ["", "What the agents said they did:", "", ...explanations.flatMap((e) => [e, ""])]),
  ];
}

/** The verification log as a table plus the output of failing steps (and of the last step). */
export function renderVerificationLog(log: VerificationLogLike, context: FixReportContext): string[] {
  const head = [
    "### Verification log",
    "",
    `Sandbox: ${safe(log.sandbox, context)}  `,
    `Base commit: ${code(log.baseSha.slice(0, 12))} · Test command: ${log.testCommand === undefined ? "none found" : code(log.testCommand)}`,
  ];
  if (log.steps.length === 0) return [...head, "", "Nothing was run."];
  const rows = log.steps.map((step) => {
    const result = step.outcome === "refused" ? "refused before running" : step.outcome;
    const mark = step.ok ? "✅" : "❌";
    const time = step.durationMs === undefined ? "" : `${(step.durationMs / 1000).toFixed(1)} s`;
    return `| ${cell(step.name, context)} | ${step.command === undefined ? "" : escapeCell(code(step.command))} | ${step.expected} | ${mark} ${result} | ${time} |`;
  });
  const detailed = log.steps.filter((step) => !step.ok || step === log.steps.at(-1)).slice(-maxDetailedSteps);
  return [
    ...head,
    "",
    "| Step | Command | Expected | Result | Time |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    ...detailed.flatMap((step) => renderStepDetails(step, context)),
  ];
}

function renderStepDetails(step: LogStepLike, context: FixReportContext): string[] {
  const body =
    step.problems !== undefined && step.problems.length > 0
      ? step.problems.map((problem) => `- ${safe(problem, context)}`).join("\n")
      : codeBlock(redactSecrets(clip(step.outputTail ?? "(no output)")));
  return [
    "<details>",
    `<summary>${escapeHtml(step.name)}: ${step.outcome}</summary>`,
    "",
    body,
    "",
    "</details>",
    "",
  ];
}

/** Sanitises untrusted text for a report (see `sanitizeForGitHub`). */
export function safe(text: string, context: FixReportContext): string {
  return sanitizeForGitHub(text, context.sanitize);
}

function cell(text: string, context: FixReportContext): string {
  return escapeCell(safe(text, context));
}

/** A code span that survives backticks inside the text (secrets redacted). */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${redactSecrets(text)}${pad}${fence}`;
}

function clip(text: string): string {
  return text.length <= maxOutputChars ? text : `…${text.slice(-maxOutputChars)}`;
}

/** A fenced block that no backtick run inside can close early. */
function codeBlock(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
