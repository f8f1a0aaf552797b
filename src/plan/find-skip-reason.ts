import type { ChangedFile, SkippedFile } from "../domain/index.ts";
import { findMatchingGlob } from "./match-glob.ts";

/**
 * Why a file cannot be reviewed at all, or undefined when it can. Checked in this order so the
 * reason shown is the most useful one: a deleted lock file is "removed", a lock file GitHub did not
 * diff is "ignored".
 */
export function findSkipReason(file: ChangedFile, ignore: readonly string[]): SkippedFile | undefined {
  if (file.status === "removed") {
    return { path: file.path, reason: "removed", detail: "deleted files are not reviewed" };
  }
  const pattern = findMatchingGlob(ignore, file.path);
  if (pattern !== undefined) {
    return { path: file.path, reason: "ignored", detail: `matches ignore pattern \`${pattern}\`` };
  }
  if (file.patch !== undefined && file.patch.trim() !== "") return undefined;

  const changedLines = file.additions + file.deletions;
  if (changedLines > 0) {
    // GitHub omits the patch of text files whose diff is too big to show, but still counts lines.
    return {
      path: file.path,
      reason: "too-large",
      detail: `no diff available for ${changedLines} changed lines`,
    };
  }
  if (file.status === "renamed" || file.status === "copied") {
    const from = file.previousPath === undefined ? "" : ` from ${file.previousPath}`;
    return { path: file.path, reason: "no-patch", detail: `${file.status}${from} without content changes` };
  }
  if (file.status === "changed" || file.status === "unchanged") {
    return { path: file.path, reason: "no-patch", detail: "no content changes (mode or metadata only)" };
  }
  return { path: file.path, reason: "binary", detail: "no text diff (binary or empty file)" };
}
