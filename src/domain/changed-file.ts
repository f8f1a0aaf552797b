/** How GitHub (and `git diff --name-status`) describes a file in a change. */
export type FileStatus = "added" | "modified" | "removed" | "renamed" | "copied" | "changed" | "unchanged";

/**
 * One file of a pull request or local git range, as plain data.
 * `patch` is the unified-diff hunk text (starting at the first `@@`), exactly as GitHub's
 * "list pull request files" endpoint returns it; it is absent for binary files and for files
 * GitHub considers too large to diff.
 */
export interface ChangedFile {
  readonly path: string;
  readonly previousPath?: string | undefined;
  readonly status: FileStatus;
  readonly patch?: string | undefined;
  readonly additions: number;
  readonly deletions: number;
}
