/** One line of a progress checklist: a step people recognise, and the workflow stages it covers. */
export interface ProgressStep {
  readonly label: string;
  /** The stages reported while this step runs, e.g. `["writing", "running"]`. */
  readonly stages: readonly string[];
}

export interface ProgressCommentView {
  /** The first line, e.g. `Quorum is working on a fix for this issue.` */
  readonly heading: string;
  readonly steps: readonly ProgressStep[];
  /** The stage running now: its step is marked, the steps before it are ticked. */
  readonly stage: string;
  /** One line on what exactly runs, e.g. `verifying candidate 2 of 3`. */
  readonly detail: string;
  /** An attempt that failed with another to follow, said under the checklist. Default: none. */
  readonly failedAttempt?: { readonly attempt: number; readonly reason: string } | undefined;
}

/** How a job ended: what the progress comment becomes once there is nothing more to show. */
export type ProgressOutcome =
  /** Work was published as a draft pull request, e.g. `Quorum verified a fix` and #41. */
  | { readonly kind: "pull-request"; readonly summary: string; readonly number: number }
  /** The result is a comment posted after this one, e.g. `Quorum found no verified fix`. */
  | { readonly kind: "comment"; readonly summary: string }
  /** The job ended without a result, e.g. `git fetch failed: …`. */
  | { readonly kind: "stopped"; readonly reason: string };

/** Longest detail, note or stop reason shown; the full text is in the logs. */
const maxLineChars = 300;

/**
 * The progress comment while a job runs: a heading, then a checklist of the steps with the current
 * one marked and its detail. A stage no step covers marks none and shows its detail under the list.
 * Text that may quote errors or repository paths is kept to one line of at most 300 characters.
 */
export function renderProgressComment(view: ProgressCommentView): string {
  const current = view.steps.findIndex((step) => step.stages.includes(view.stage));
  const detail = shorten(view.detail);
  const lines = view.steps.map((step, index) => {
    if (index === current) return `- [ ] ⏳ **${step.label}**${detail === "" ? "" : ` — ${detail}`}`;
    return `- [${index < current ? "x" : " "}] ${step.label}`;
  });
  return [
    `**${view.heading}** This comment follows the work and ends with its result.`,
    "",
    ...lines,
    ...(current === -1 && detail !== "" ? ["", `⏳ ${detail}`] : []),
    ...(view.failedAttempt === undefined
      ? []
      : [
          "",
          `⚠️ Attempt ${view.failedAttempt.attempt} failed (${shorten(view.failedAttempt.reason)}); Quorum will try again.`,
        ]),
  ].join("\n");
}

/** The short line the progress comment ends as, pointing to the result so no stale "working" is left. */
export function renderProgressOutcome(outcome: ProgressOutcome): string {
  switch (outcome.kind) {
    case "pull-request":
      return `✅ ${shorten(outcome.summary)}: draft pull request #${outcome.number}.`;
    case "comment":
      return `ℹ️ ${shorten(outcome.summary)} — details in the comment below.`;
    case "stopped":
      return `⏹️ Quorum stopped: ${shorten(outcome.reason).replace(/\.$/, "")}.`;
  }
}

/** One line of at most `maxLineChars`: details and reasons can quote long error messages. */
function shorten(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= maxLineChars) return line;
  // Never leave half a surrogate pair at the cut.
  return `${line.slice(0, maxLineChars - 1).replace(/[\uD800-\uDBFF]$/, "")}…`;
}
