import { DiffParseError, parsePatch } from "../diff/index.ts";
import type { ChangedFile } from "../domain/index.ts";

/** The code around a finding, as shown in the diff (new-file side). */
export interface CodeContext {
  /** Lines above the finding's line, nearest last. */
  readonly before: readonly string[];
  /** The finding's own line; empty when the line is not in the diff. */
  readonly line: string;
  /** Lines below the finding's line, nearest first. */
  readonly after: readonly string[];
}

const noContext: CodeContext = { before: [], line: "", after: [] };

/**
 * The finding's line and up to `radius` neighbours on each side, from the new-file side of the
 * file's patch (added and context lines; lines outside the diff are unknown). Default radius: 1 —
 * enough to tell two identical lines (`}`) apart, small enough that an edit a few lines away does
 * not change a finding's identity. A file or line not in the diff gives an empty context.
 */
export function readCodeContext(
  files: readonly ChangedFile[],
  path: string,
  line: number,
  radius = 1,
): CodeContext {
  const file = files.find((candidate) => candidate.path === path);
  if (file?.patch === undefined || file.status === "removed") return noContext;
  const text = new Map<number, string>();
  try {
    for (const hunk of parsePatch(file.patch)) {
      for (const diffLine of hunk.lines) {
        if (diffLine.newLine !== undefined) text.set(diffLine.newLine, diffLine.text);
      }
    }
  } catch (error) {
    if (error instanceof DiffParseError) return noContext;
    throw error;
  }
  const own = text.get(line);
  if (own === undefined) return noContext;
  const collect = (step: -1 | 1): string[] => {
    const lines: string[] = [];
    for (let n = line + step; lines.length < radius; n += step) {
      const neighbour = text.get(n);
      if (neighbour === undefined) break;
      lines.push(neighbour);
    }
    return lines;
  };
  return { before: collect(-1).reverse(), line: own, after: collect(1) };
}
