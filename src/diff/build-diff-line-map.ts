import type { ChangedFile } from "../domain/index.ts";
import { parsePatch } from "./parse-patch.ts";

/**
 * Which new-file (RIGHT side) lines of one file GitHub accepts an inline review comment on:
 * the added and context lines shown in the patch.
 */
export interface DiffLineMap {
  readonly path: string;
  isCommentable(line: number): boolean;
  /** Added and context lines, ascending. */
  commentableLines(): readonly number[];
  /** Added lines only, ascending. */
  addedLines(): readonly number[];
  isAdded(line: number): boolean;
}

/**
 * Builds the line map of one changed file. Removed files and files without a patch (binary,
 * pure rename, too large for GitHub to diff) have no commentable lines.
 */
export function buildDiffLineMap(file: ChangedFile): DiffLineMap {
  const commentable = new Set<number>();
  const added = new Set<number>();
  if (file.status !== "removed" && file.patch !== undefined) {
    for (const hunk of parsePatch(file.patch)) {
      for (const line of hunk.lines) {
        if (line.newLine === undefined) continue;
        commentable.add(line.newLine);
        if (line.kind === "add") added.add(line.newLine);
      }
    }
  }
  const commentableSorted = [...commentable].sort((a, b) => a - b);
  const addedSorted = [...added].sort((a, b) => a - b);
  return {
    path: file.path,
    isCommentable: (line) => commentable.has(line),
    commentableLines: () => commentableSorted,
    addedLines: () => addedSorted,
    isAdded: (line) => added.has(line),
  };
}
