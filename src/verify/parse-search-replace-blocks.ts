import type { FileEdit } from "./patch.ts";

/** The text of a patch does not follow the search/replace block format. */
export class PatchFormatError extends Error {
  override readonly name = "PatchFormatError";
  readonly retryable = false;
  /** 1-based line of the problem. */
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

const searchMarker = "<<<<<<< SEARCH";
const dividerMarker = "=======";
const replaceMarker = ">>>>>>> REPLACE";

/**
 * Parses the search/replace block format, strictly: each block is a path line, then
 * `<<<<<<< SEARCH`, the exact text to find, `=======`, the replacement, `>>>>>>> REPLACE`. Only
 * blank lines may appear between blocks. Anything else is a `PatchFormatError` naming the line.
 *
 * ```
 * src/cart.js
 * <<<<<<< SEARCH
 *   return total - discount;
 * =======
 *   return Math.max(0, total - discount);
 * >>>>>>> REPLACE
 * ```
 */
export function parseSearchReplaceBlocks(text: string): FileEdit[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const edits: FileEdit[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    if (line.trim() === "") {
      i += 1;
      continue;
    }
    if (line === searchMarker || line === dividerMarker || line === replaceMarker) {
      throw new PatchFormatError(i + 1, `expected a file path before "${line}"`);
    }
    const path = line.trim();
    if (lines[i + 1] !== searchMarker)
      throw new PatchFormatError(i + 2, `expected "${searchMarker}" after the path`);
    const searchStart = i + 2;
    const divider = findMarker(lines, dividerMarker, searchStart);
    if (divider === -1) throw new PatchFormatError(searchStart, `the block has no "${dividerMarker}" line`);
    const end = findMarker(lines, replaceMarker, divider + 1);
    if (end === -1) throw new PatchFormatError(divider + 1, `the block has no "${replaceMarker}" line`);
    const search = lines.slice(searchStart, divider);
    const replace = lines.slice(divider + 1, end);
    for (const [offset, inner] of [...search, ...replace].entries()) {
      if (inner === searchMarker)
        throw new PatchFormatError(searchStart + offset + 1, "a block starts inside another block");
    }
    edits.push({ path, search: joinBlock(search), replace: joinBlock(replace) });
    i = end + 1;
  }
  if (edits.length === 0) throw new PatchFormatError(1, "no search/replace blocks found");
  return edits;
}

function findMarker(lines: readonly string[], marker: string, from: number): number {
  for (let i = from; i < lines.length; i += 1) if (lines[i] === marker) return i;
  return -1;
}

/** A block's lines end with a newline each, the way they sit in the file; an empty block is "". */
function joinBlock(lines: readonly string[]): string {
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
