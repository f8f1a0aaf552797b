import type { ChangedFile, FileStatus } from "../domain/index.ts";
import { DiffParseError } from "./diff-parse-error.ts";
import { parsePatch } from "./parse-patch.ts";
import { readGitPathField, readQuotedGitPath } from "./unquote-git-path.ts";

const devNull = "/dev/null";

interface FileHeader {
  diffGitOld?: string | undefined;
  diffGitNew?: string | undefined;
  minusPath?: string | undefined;
  plusPath?: string | undefined;
  renameFrom?: string | undefined;
  renameTo?: string | undefined;
  copyFrom?: string | undefined;
  copyTo?: string | undefined;
  isNew: boolean;
  isDeleted: boolean;
  modeChanged: boolean;
  binary: boolean;
}

/**
 * Parses the output of `git diff` (default `a/` and `b/` prefixes) into changed files shaped like
 * GitHub's "list pull request files" answer: `patch` is the text from the first `@@`, absent for
 * binary files and for pure renames or mode changes. Text before the first `diff --git` (e.g. the
 * commit header of `git show`) is ignored.
 */
export function parseUnifiedDiff(text: string): ChangedFile[] {
  const rows = text.split(/\r?\n/);
  const files: ChangedFile[] = [];
  let start = rows.findIndex((row) => row.startsWith("diff --git "));
  while (start !== -1) {
    let end = start + 1;
    while (end < rows.length && !(rows[end] ?? "").startsWith("diff --git ")) end += 1;
    files.push(parseFileSection(rows.slice(start, end), start + 1));
    start = end < rows.length ? end : -1;
  }
  return files;
}

function parseFileSection(rows: readonly string[], firstLineNumber: number): ChangedFile {
  const header: FileHeader = { isNew: false, isDeleted: false, modeChanged: false, binary: false };
  const [diffGitOld, diffGitNew] = splitDiffGitLine((rows[0] ?? "").slice("diff --git ".length));
  header.diffGitOld = diffGitOld;
  header.diffGitNew = diffGitNew;

  let patchStart = -1;
  for (let i = 1; i < rows.length; i += 1) {
    const row = rows[i] ?? "";
    if (row.startsWith("@@")) {
      patchStart = i;
      break;
    }
    if (row.startsWith("GIT binary patch")) {
      header.binary = true;
      break;
    }
    readHeaderRow(row, header);
  }

  const oldPath = header.renameFrom ?? header.copyFrom ?? header.minusPath ?? header.diffGitOld;
  const newPath = header.renameTo ?? header.copyTo ?? header.plusPath ?? header.diffGitNew;
  const path = header.isDeleted ? (oldPath ?? newPath) : (newPath ?? oldPath);
  if (path === undefined) {
    throw new DiffParseError("Cannot tell the file path of a diff section", firstLineNumber);
  }

  const patch = patchStart === -1 ? undefined : joinPatch(rows.slice(patchStart));
  let additions = 0;
  let deletions = 0;
  if (patch !== undefined) {
    for (const hunk of parsePatch(patch)) {
      for (const line of hunk.lines) {
        if (line.kind === "add") additions += 1;
        if (line.kind === "del") deletions += 1;
      }
    }
  }

  const status = statusOf(header, patch !== undefined);
  const movedFrom = status === "renamed" || status === "copied" ? oldPath : undefined;
  return {
    path,
    ...(movedFrom !== undefined && movedFrom !== path ? { previousPath: movedFrom } : {}),
    status,
    ...(patch !== undefined && !header.binary ? { patch } : {}),
    additions,
    deletions,
  };
}

function readHeaderRow(row: string, header: FileHeader): void {
  if (row.startsWith("new file mode")) header.isNew = true;
  else if (row.startsWith("deleted file mode")) header.isDeleted = true;
  else if (row.startsWith("old mode ") || row.startsWith("new mode ")) header.modeChanged = true;
  else if (row.startsWith("rename from ")) header.renameFrom = readGitPathField(row.slice(12));
  else if (row.startsWith("rename to ")) header.renameTo = readGitPathField(row.slice(10));
  else if (row.startsWith("copy from ")) header.copyFrom = readGitPathField(row.slice(10));
  else if (row.startsWith("copy to ")) header.copyTo = readGitPathField(row.slice(8));
  else if (row.startsWith("Binary files ") && row.endsWith(" differ")) header.binary = true;
  else if (row.startsWith("--- ")) header.minusPath = stripPrefix(readGitPathField(row.slice(4)), "a/");
  else if (row.startsWith("+++ ")) header.plusPath = stripPrefix(readGitPathField(row.slice(4)), "b/");
}

function statusOf(header: FileHeader, hasPatch: boolean): FileStatus {
  if (header.isNew) return "added";
  if (header.isDeleted) return "removed";
  if (header.renameFrom !== undefined) return "renamed";
  if (header.copyFrom !== undefined) return "copied";
  // GitHub calls a mode-only change "changed"; with content edits it is "modified".
  if (header.modeChanged && !hasPatch) return "changed";
  return "modified";
}

/** `/dev/null` means "no file on this side", which the other header fields already say. */
function stripPrefix(path: string, prefix: string): string | undefined {
  if (path === devNull) return undefined;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * Splits `a/x b/y` from a `diff --git` line. Git quotes only unusual names, never names with
 * plain spaces, so an unquoted line is ambiguous; it is split where both halves name the same
 * file (always true unless renamed, and renames carry `rename from/to`).
 */
function splitDiffGitLine(rest: string): [string | undefined, string | undefined] {
  if (rest.startsWith('"')) {
    const first = readQuotedGitPath(rest, 0);
    if (first === undefined) return [undefined, undefined];
    const second = rest.slice(first.end).trimStart();
    return [stripPrefix(first.value, "a/"), stripPrefix(readGitPathField(second), "b/")];
  }
  const quotedSecond = rest.indexOf(' "b/');
  if (quotedSecond !== -1) {
    return [
      stripPrefix(rest.slice(0, quotedSecond), "a/"),
      stripPrefix(readGitPathField(rest.slice(quotedSecond + 1)), "b/"),
    ];
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.charAt(half) === " ") {
    const left = rest.slice(0, half);
    const right = rest.slice(half + 1);
    if (left.slice(2) === right.slice(2)) return [stripPrefix(left, "a/"), stripPrefix(right, "b/")];
  }
  const separator = rest.lastIndexOf(" b/");
  if (separator === -1) return [undefined, undefined];
  return [stripPrefix(rest.slice(0, separator), "a/"), stripPrefix(rest.slice(separator + 1), "b/")];
}

/** GitHub's `patch` carries no trailing newline; blank rows after the last hunk are separators. */
function joinPatch(rows: readonly string[]): string {
  let end = rows.length;
  while (end > 0 && rows[end - 1] === "") end -= 1;
  return rows.slice(0, end).join("\n");
}
