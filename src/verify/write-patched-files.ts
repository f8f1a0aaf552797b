import { lstat, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { assertRepoPath } from "./git-arguments.ts";
import type { PatchedFile } from "./patch.ts";
import { SandboxRequestError } from "./sandbox-errors.ts";

/**
 * Writes patched files into a worktree without ever following a symlink: repository content can
 * contain links pointing anywhere, and Quorum may be root. Every parent must be a real directory
 * inside the worktree (missing ones are created) and the file itself must not be a link.
 */
export async function writePatchedFiles(
  worktreeDir: string,
  files: readonly Pick<PatchedFile, "path" | "after" | "mode">[],
): Promise<void> {
  for (const file of files) {
    const parts = assertRepoPath(file.path).split("/");
    let current = worktreeDir;
    for (const part of parts.slice(0, -1)) {
      current = join(current, part);
      const stat = await lstatOrUndefined(current);
      if (stat === undefined) await mkdir(current);
      else if (!stat.isDirectory())
        throw new SandboxRequestError(`${file.path}: a parent is not a plain directory`);
    }
    const target = join(worktreeDir, ...parts);
    const existing = await lstatOrUndefined(target);
    if (existing !== undefined && !existing.isFile())
      throw new SandboxRequestError(`${file.path}: is not a plain file`);
    await writeFile(target, file.after, { mode: file.mode === "100755" ? 0o755 : 0o644 });
  }
}

async function lstatOrUndefined(path: string): Promise<Awaited<ReturnType<typeof lstat>> | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
