import { DiffParseError, parsePatch } from "../diff/index.ts";
import type { ChangedFile } from "../domain/index.ts";

/** One added line of a file's patch: where scripted agents can claim something. */
export interface AddedLine {
  readonly path: string;
  readonly line: number;
  readonly text: string;
}

/** The added (new-file) lines of the files, in file and line order; unparsable patches give none. */
export function readAddedLines(files: readonly ChangedFile[]): AddedLine[] {
  const lines: AddedLine[] = [];
  for (const file of files) {
    if (file.patch === undefined || file.status === "removed") continue;
    try {
      for (const hunk of parsePatch(file.patch)) {
        for (const diffLine of hunk.lines) {
          if (diffLine.kind === "add" && diffLine.newLine !== undefined)
            lines.push({ path: file.path, line: diffLine.newLine, text: diffLine.text });
        }
      }
    } catch (error) {
      if (!(error instanceof DiffParseError)) throw error;
    }
  }
  return lines;
}
