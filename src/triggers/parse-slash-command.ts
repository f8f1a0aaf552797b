/** Every command Quorum understands, in the order `help` lists them. */
export const slashCommandNames = [
  "review",
  "tests",
  "fix",
  "explain",
  "status",
  "cancel",
  "help",
  "config",
] as const;
export type SlashCommandName = (typeof slashCommandNames)[number];

export type SlashCommand =
  | { readonly name: Exclude<SlashCommandName, "explain"> }
  | { readonly name: "explain"; readonly question: string };

/** A line addressed to Quorum: a command it understood, or one it did not (answered with help). */
export type ParsedSlashCommand =
  | { readonly kind: "command"; readonly command: SlashCommand; readonly line: number }
  | {
      readonly kind: "invalid";
      /** The word after the prefix, as typed (empty for a bare prefix is not invalid: that is `help`). */
      readonly word: string;
      readonly problem: string;
      readonly line: number;
    };

export interface ParseSlashCommandOptions {
  /** The repository's `commands.prefix`. Default: `/quorum`. */
  readonly prefix?: string | undefined;
}

/** GitHub's limit for a comment body; text beyond it cannot come from GitHub and is not scanned. */
export const maxScannedCommentLength = 65_536;
/** Longest `explain` question kept; the rest of a longer line is dropped. */
export const maxQuestionLength = 1_000;

/**
 * Cheap pre-check: can this body hold a command at all (a line starting with `/`)? Lets the
 * handler skip reading the repository config for the ordinary comments that make up most traffic.
 */
export function mayContainSlashCommand(body: string): boolean {
  return /^ {0,3}\//m.test(body.slice(0, maxScannedCommentLength));
}

/**
 * Finds the first command in a comment: a line that starts (after at most three spaces) with the
 * prefix followed by a space or the end of the line. What a reader sees as quoted or as code is
 * never a command: block quotes (and their lazy continuation lines), fenced and indented code,
 * code spans (also across lines), HTML comments and `<pre>`/`<code>` blocks. When our reading
 * of the markdown could differ from GitHub's, the line is ignored — the safer side.
 * Commands take no options: nothing typed after a command can change how it is authorised.
 */
export function parseSlashCommand(
  body: string,
  options: ParseSlashCommandOptions = {},
): ParsedSlashCommand | undefined {
  const prefix = (options.prefix ?? "/quorum").toLowerCase();
  const lines = body.slice(0, maxScannedCommentLength).replace(/\r\n?/g, "\n").split("\n");
  const visible = findCommandableLines(lines);
  for (const index of visible) {
    const line = lines[index] ?? "";
    const text = line.replace(/^ {0,3}/, "");
    if (!text.toLowerCase().startsWith(prefix)) continue;
    const rest = text.slice(prefix.length);
    if (rest !== "" && !/^[ \t]/.test(rest)) continue;
    return interpret(rest.trim(), index);
  }
  return undefined;
}

function interpret(rest: string, line: number): ParsedSlashCommand {
  const match = /^(\S+)(?:[ \t]+([\s\S]*))?$/.exec(rest);
  if (match === null) return { kind: "command", command: { name: "help" }, line };
  const word = match[1] ?? "";
  const args = (match[2] ?? "").trim();
  const name = slashCommandNames.find((n) => n === word.toLowerCase());
  if (name === undefined) return { kind: "invalid", word, problem: "unknown command", line };
  if (name === "explain") {
    if (args === "") return { kind: "invalid", word, problem: "`explain` needs a question", line };
    return { kind: "command", command: { name, question: args.slice(0, maxQuestionLength) }, line };
  }
  if (args !== "") return { kind: "invalid", word, problem: `\`${name}\` takes no arguments`, line };
  return { kind: "command", command: { name }, line };
}

type LineKind = "text" | "blank" | "hidden";

/** Indexes of lines that are paragraph text whose start is not inside a code span. */
function findCommandableLines(lines: readonly string[]): number[] {
  const kinds = classifyLines(lines);
  const out: number[] = [];
  let start = 0;
  while (start < lines.length) {
    if (kinds[start] !== "text") {
      start += 1;
      continue;
    }
    let end = start;
    while (end < lines.length && kinds[end] === "text") end += 1;
    out.push(...linesOutsideCodeSpans(lines, start, end));
    start = end;
  }
  return out;
}

/** Marks lines inside fences, quotes, HTML comments and raw HTML blocks as hidden. */
function classifyLines(lines: readonly string[]): LineKind[] {
  const kinds: LineKind[] = [];
  let fence: { char: string; length: number } | undefined;
  let inComment = false;
  let rawTag: string | undefined;
  let inQuote = false;
  for (const line of lines) {
    if (fence !== undefined) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line)?.[1];
      if (close !== undefined && close.charAt(0) === fence.char && close.length >= fence.length)
        fence = undefined;
      kinds.push("hidden");
      continue;
    }
    if (inComment) {
      if (line.includes("-->")) inComment = false;
      kinds.push("hidden");
      continue;
    }
    if (rawTag !== undefined) {
      if (line.toLowerCase().includes(`</${rawTag}>`)) rawTag = undefined;
      kinds.push("hidden");
      continue;
    }
    if (line.trim() === "") {
      inQuote = false;
      kinds.push("blank");
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open !== null && !(open[1]?.startsWith("`") === true && (open[2] ?? "").includes("`"))) {
      fence = { char: open[1]?.charAt(0) ?? "`", length: open[1]?.length ?? 3 };
      inQuote = false;
      kinds.push("hidden");
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      inQuote = true;
      kinds.push("hidden");
      continue;
    }
    // A line right after a quoted one continues the quote ("lazy continuation"), as GitHub renders it.
    if (inQuote || /^( {4}|\t)/.test(line)) {
      kinds.push("hidden");
      continue;
    }
    const commentAt = line.indexOf("<!--");
    if (commentAt >= 0 && !line.includes("-->", commentAt + 4)) inComment = true;
    const tag = /^ {0,3}<(pre|code|textarea|script|style)(?:[\s>]|$)/i.exec(line)?.[1]?.toLowerCase();
    if (tag !== undefined && !line.toLowerCase().includes(`</${tag}>`)) rawTag = tag;
    // A line that opens a comment or raw block is itself text (its start is visible).
    kinds.push(tag === undefined ? "text" : "hidden");
  }
  return kinds;
}

/**
 * Within one paragraph (`lines[start..end)`), the lines whose first character is not inside a
 * code span. A backtick run opens a span only if a run of the same length follows in the same
 * paragraph (CommonMark); spans may cross line breaks.
 */
function linesOutsideCodeSpans(lines: readonly string[], start: number, end: number): number[] {
  const paragraph = lines.slice(start, end);
  const text = paragraph.join("\n");
  const runs: { at: number; length: number }[] = [];
  for (let i = 0; i < text.length;) {
    if (text.charAt(i) !== "`") {
      i += 1;
      continue;
    }
    let j = i;
    while (text.charAt(j) === "`") j += 1;
    // A backslash-escaped backtick cannot open a span; the rest of the run still can.
    const escaped = i > 0 && text.charAt(i - 1) === "\\";
    if (escaped && j - i > 1) runs.push({ at: i + 1, length: j - i - 1 });
    else if (!escaped) runs.push({ at: i, length: j - i });
    i = j;
  }
  // For each run, the index of the next run of the same length: one pass, so no quadratic scans.
  const nextSame = new Array<number>(runs.length).fill(-1);
  const lastByLength = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r -= 1) {
    const run = runs[r];
    if (run === undefined) continue;
    nextSame[r] = lastByLength.get(run.length) ?? -1;
    lastByLength.set(run.length, r);
  }
  const spans: [number, number][] = [];
  for (let r = 0; r < runs.length;) {
    const close = nextSame[r] ?? -1;
    const open = runs[r];
    const closing = close >= 0 ? runs[close] : undefined;
    if (open === undefined || closing === undefined) {
      r += 1;
      continue;
    }
    spans.push([open.at, closing.at + closing.length]);
    r = close + 1;
  }
  const out: number[] = [];
  let offset = 0;
  let span = 0;
  paragraph.forEach((line, i) => {
    const first = offset + (line.length - line.trimStart().length);
    // Spans are in order and lines only move forward, so one pointer walks both.
    while (span < spans.length && (spans[span]?.[1] ?? 0) <= first) span += 1;
    const current = spans[span];
    if (current === undefined || !(first > current[0] && first < current[1])) out.push(start + i);
    offset += line.length + 1;
  });
  return out;
}
