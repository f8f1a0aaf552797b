import { stripHiddenText } from "../strip-hidden-text.ts";
import { defaultMaxEdits, maxExplanationLength, type FixSchemaOptions } from "./fix-output-schema.ts";
import { renderAgentPrompt, renderFileBlock } from "../render-agent-prompt.ts";

/** The issue a fix is for, or the pull request whose problems it fixes. */
export interface IssueText {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  /** What the number names. Default: "issue". */
  readonly kind?: "issue" | "pull-request" | undefined;
}

/** A file shown to an agent, in full. */
export interface ContextFile {
  readonly path: string;
  readonly content: string;
}

/** A test that fails on the current code and must pass after the fix. */
export interface FailingTest {
  readonly path: string;
  readonly content: string;
  /** The end of its output on the current code. */
  readonly output: string;
}

export interface FixPromptInput {
  readonly issue: IssueText;
  /** The files the fix may edit (and that give context), shown in full. */
  readonly files: readonly ContextFile[];
  readonly failingTest?: FailingTest | undefined;
  /** The repository's test command failing on the current code, and the end of its output. Default: none. */
  readonly failingRun?: { readonly command: string; readonly output: string } | undefined;
  /** The command the fix must pass, e.g. `npm test`. */
  readonly testCommand?: string | undefined;
}

/**
 * The prompt for one fix agent. Instructions first (the same for every agent and issue, so a
 * cacheable prefix), then the issue, files and failing test, fenced as untrusted data.
 */
export function buildFixPrompt(input: FixPromptInput, options: FixSchemaOptions = {}): string {
  const maxEdits = options.maxEdits ?? defaultMaxEdits;
  const heading = input.issue.kind === "pull-request" ? "Pull request" : "Issue";
  const sections = [
    `${heading} #${input.issue.number}: ${stripHiddenText(input.issue.title).trim()}`,
    stripHiddenText(input.issue.body).trim() || "(no description)",
    ...input.files.map((file) => renderFileBlock(`File: ${file.path}`, file.content)),
  ];
  if (input.failingTest !== undefined) {
    sections.push(
      renderFileBlock(
        `Failing test ${input.failingTest.path} (it must pass after your change):`,
        input.failingTest.content,
      ),
      renderFileBlock("Its output on the current code:", input.failingTest.output),
    );
  }
  if (input.failingRun !== undefined) {
    sections.push(
      renderFileBlock(
        `Output of \`${input.failingRun.command}\` on the current code (it fails; it must pass after your change):`,
        input.failingRun.output,
      ),
    );
  }
  return renderAgentPrompt(
    [
      "You fix reported bugs in a software repository. Change the code so the bug is gone and the repository's",
      `tests${input.testCommand === undefined ? "" : ` (\`${input.testCommand}\`)`} pass.`,
      "",
      "How to answer:",
      '- Reply with one JSON object and nothing else: {"explanation": "...", "edits": [...]}.',
      `- "explanation": the cause of the bug and how your edits remove it, at most ${maxExplanationLength} characters.`,
      '- Each edit has "path": one of the file paths shown; "search": whole lines copied exactly from that file,',
      '  enough of them to occur only once; "replace": the lines that take their place.',
      `- At most ${maxEdits} edits. Change as little as possible.`,
      "- Fix the code, not the tests: never delete, skip or weaken a test, never change test configuration.",
    ],
    sections.join("\n\n"),
  );
}
