import type { ChangedFile } from "../domain/index.ts";
import { parsePatch } from "./parse-patch.ts";

const markers = { add: "+", del: "-", context: " " } as const;
const minimumNumberWidth = 4;

/**
 * Renders one file's patch for a model prompt. Every added or context line is prefixed with its
 * new-file (RIGHT side) number so a model cites lines GitHub can comment on; removed lines get a
 * blank number because they do not exist in the new file:
 *
 * ```
 * File: src/a.ts (modified)
 *      @@ -10,3 +10,4 @@ function f()
 *   10   const a = 1;
 *      - const b = 2;
 *   11 + const b = 3;
 * ```
 */
export function formatNumberedPatch(file: ChangedFile): string {
  const header = `File: ${file.path} (${describeStatus(file)})`;
  if (file.patch === undefined) {
    return `${header}\n(no textual diff: binary, too large, or unchanged content)`;
  }
  const hunks = parsePatch(file.patch);
  const highest = Math.max(0, ...hunks.map((hunk) => hunk.newStart + hunk.newLines));
  const width = Math.max(minimumNumberWidth, String(highest).length);
  const blank = " ".repeat(width);

  const out = [header];
  for (const hunk of hunks) {
    const heading = hunk.heading === "" ? "" : ` ${hunk.heading}`;
    out.push(
      `${blank} @@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@${heading}`,
    );
    for (const line of hunk.lines) {
      const number = line.newLine === undefined ? blank : String(line.newLine).padStart(width);
      out.push(`${number} ${markers[line.kind]} ${line.text}`.trimEnd());
    }
  }
  return out.join("\n");
}

function describeStatus(file: ChangedFile): string {
  if (file.previousPath !== undefined && file.previousPath !== file.path) {
    return `${file.status === "copied" ? "copied" : "renamed"} from ${file.previousPath}`;
  }
  return file.status === "removed" ? "deleted" : file.status;
}
