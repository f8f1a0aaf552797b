import { DiffParseError } from "./diff-parse-error.ts";
import type { DiffLine, Hunk } from "./hunk.ts";

const hunkHeader = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

interface OpenHunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly heading: string;
  readonly lines: DiffLine[];
  nextOld: number;
  nextNew: number;
  oldLeft: number;
  newLeft: number;
}

/**
 * Parses the hunk text of one file (GitHub's `patch` field, or what follows `+++` in `git diff`).
 * Text before the first `@@` is ignored. Each hunk consumes exactly as many lines as its header
 * announces, so trailing noise (a final newline, `-- ` signatures of format-patch) is not
 * mistaken for content; a patch clipped short simply yields fewer lines.
 */
export function parsePatch(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let open: OpenHunk | undefined;
  const rows = patch.split(/\r?\n/);
  // A trailing newline ends the last line; it does not start an empty one.
  if (rows.at(-1) === "") rows.pop();

  rows.forEach((row, index) => {
    if (row.startsWith("@@")) {
      open = openHunk(row, index + 1);
      hunks.push(open);
      return;
    }
    // "\ No newline at end of file" annotates the previous line; it is not a line itself.
    if (open === undefined || row.startsWith("\\")) return;
    if (open.oldLeft <= 0 && open.newLeft <= 0) return;

    const marker = row.charAt(0);
    // Some tools strip the single space of an empty context line; inside a hunk it is still a line.
    const text = row.slice(1);
    if (marker === "+") {
      open.lines.push({ kind: "add", newLine: open.nextNew, text });
      open.nextNew += 1;
      open.newLeft -= 1;
    } else if (marker === "-") {
      open.lines.push({ kind: "del", oldLine: open.nextOld, text });
      open.nextOld += 1;
      open.oldLeft -= 1;
    } else if (marker === " " || marker === "") {
      open.lines.push({ kind: "context", oldLine: open.nextOld, newLine: open.nextNew, text });
      open.nextOld += 1;
      open.nextNew += 1;
      open.oldLeft -= 1;
      open.newLeft -= 1;
    }
  });

  return hunks.map(({ oldStart, oldLines, newStart, newLines, heading, lines }) => ({
    oldStart,
    oldLines,
    newStart,
    newLines,
    heading,
    lines,
  }));
}

function openHunk(row: string, lineNumber: number): OpenHunk {
  const match = hunkHeader.exec(row);
  if (match === null) {
    throw new DiffParseError(`Malformed hunk header: ${row.slice(0, 80)}`, lineNumber);
  }
  const oldStart = Number(match[1]);
  // An omitted count means 1 (`@@ -3 +3 @@`).
  const oldLines = match[2] === undefined ? 1 : Number(match[2]);
  const newStart = Number(match[3]);
  const newLines = match[4] === undefined ? 1 : Number(match[4]);
  return {
    oldStart,
    oldLines,
    newStart,
    newLines,
    heading: (match[5] ?? "").trim(),
    lines: [],
    nextOld: oldStart,
    nextNew: newStart,
    oldLeft: oldLines,
    newLeft: newLines,
  };
}
