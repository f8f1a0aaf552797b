import { buildDiffLineMap, type DiffLineMap } from "../diff/index.ts";
import type { ChangedFile, FusedFinding } from "../domain/index.ts";
import type { InlineComment } from "./inline-comment.ts";

export interface PlacedFindings {
  readonly inline: InlineComment[];
  /** Findings GitHub would not accept inline (file not in the change, line outside the diff): for the summary. */
  readonly outsideDiff: FusedFinding[];
}

/**
 * Splits findings into inline comments and summary items. A finding goes inline only when its
 * path is one of the changed files and its line is an added or context line of that file's
 * patch, the lines GitHub accepts a RIGHT-side comment on. Order is preserved in both lists.
 */
export function placeFindings(
  findings: readonly FusedFinding[],
  files: readonly ChangedFile[],
  renderComment: (finding: FusedFinding) => string,
): PlacedFindings {
  const maps = new Map<string, DiffLineMap>();
  for (const file of files) maps.set(file.path, buildDiffLineMap(file));

  const inline: InlineComment[] = [];
  const outsideDiff: FusedFinding[] = [];
  for (const finding of findings) {
    if (maps.get(finding.path)?.isCommentable(finding.line) === true) {
      inline.push({
        path: finding.path,
        line: finding.line,
        side: "RIGHT",
        body: renderComment(finding),
        finding,
      });
    } else {
      outsideDiff.push(finding);
    }
  }
  return { inline, outsideDiff };
}
