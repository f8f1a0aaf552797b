import { findSensitivePaths } from "./find-sensitive-paths.ts";
import type { Workspace, Worktree } from "./open-workspace.ts";
import type { PatchedFile } from "./patch.ts";
import { writePatchedFiles } from "./write-patched-files.ts";

/**
 * Checks out `sha` in a fresh worktree, writes `files` over it, hands it to `use` and disposes it
 * whatever happens. A fresh worktree per call means no run sees what an earlier one left behind.
 * Throws `SensitivePathError` before any worktree exists when a file would land on a path Quorum
 * never changes (see `findSensitivePaths`): the workflows refuse such changes earlier, with a
 * reason in their log; this is the last line for every caller.
 */
export async function withWorktree<T>(
  workspace: Workspace,
  sha: string,
  files: readonly Pick<PatchedFile, "path" | "after" | "mode">[],
  use: (worktree: Worktree) => Promise<T>,
): Promise<T> {
  if (files.length > 0) {
    const [refused] = findSensitivePaths(
      files.map((file) => file.path),
      await workspace.listFiles(sha),
    );
    if (refused !== undefined) throw refused;
  }
  const worktree = await workspace.addWorktree(sha);
  try {
    await writePatchedFiles(worktree.dir, files);
    return await use(worktree);
  } finally {
    await worktree.dispose();
  }
}
