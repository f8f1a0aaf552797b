import { assertRepoPath, GitArgumentError } from "./git-arguments.ts";
import type { FileEdit, PatchApplication, PatchedFile, ReadBaseFile } from "./patch.ts";

export interface ApplyEditsOptions {
  /** Edits accepted in one patch. Default: 16. */
  readonly maxEdits?: number | undefined;
  /** Largest file a patch may produce, in characters. Default: 1_000_000. */
  readonly maxFileChars?: number | undefined;
}

/**
 * Applies search/replace edits to the base commit's files, in memory. Nothing is written: a patch
 * that is malformed in any way (unknown or unsafe path, a search text that is missing or not
 * unique, a symlink or submodule target, an edit that changes nothing) is refused whole, with every
 * problem listed, so the worktree is never touched by half a patch.
 */
export async function applyEdits(
  edits: readonly FileEdit[],
  readBase: ReadBaseFile,
  options: ApplyEditsOptions = {},
): Promise<PatchApplication> {
  const maxEdits = options.maxEdits ?? 16;
  const maxFileChars = options.maxFileChars ?? 1_000_000;
  if (edits.length === 0) return { ok: false, problems: ["the patch has no edits"] };
  if (edits.length > maxEdits)
    return { ok: false, problems: [`the patch has ${edits.length} edits; at most ${maxEdits} are accepted`] };

  const problems: string[] = [];
  const files = new Map<string, { before: string | undefined; current: string; mode: PatchedFile["mode"] }>();
  for (const [index, edit] of edits.entries()) {
    const where = `edit ${index + 1} (${JSON.stringify(edit.path.slice(0, 200))})`;
    try {
      assertRepoPath(edit.path);
    } catch (error) {
      if (!(error instanceof GitArgumentError)) throw error;
      problems.push(`${where}: ${error.message}`);
      continue;
    }
    if (edit.search.includes("\0") || edit.replace.includes("\0")) {
      problems.push(`${where}: contains a NUL character`);
      continue;
    }
    let file = files.get(edit.path);
    if (file === undefined) {
      const base = await readBase(edit.path);
      if (base !== undefined && base.mode !== "100644" && base.mode !== "100755") {
        problems.push(`${where}: is a symlink or submodule in the repository, which patches may not change`);
        continue;
      }
      file =
        base === undefined
          ? { before: undefined, current: "", mode: "100644" }
          : { before: base.content, current: base.content, mode: base.mode as PatchedFile["mode"] };
      files.set(edit.path, file);
    }
    if (edit.search === "") {
      if (file.before !== undefined || file.current !== "") {
        problems.push(`${where}: an empty search text creates a file, but this file already exists`);
        continue;
      }
      file.current = edit.replace;
      continue;
    }
    if (file.before === undefined && file.current === "") {
      problems.push(`${where}: the file does not exist (an empty search text creates one)`);
      continue;
    }
    const { search, replace } = matchLineEndings(edit, file.current);
    const first = file.current.indexOf(search);
    if (first === -1) {
      problems.push(`${where}: the search text does not occur in the file`);
      continue;
    }
    if (file.current.indexOf(search, first + 1) !== -1) {
      problems.push(
        `${where}: the search text occurs more than once; include more context to make it unique`,
      );
      continue;
    }
    if (search === replace) {
      problems.push(`${where}: the replacement is identical to the search text`);
      continue;
    }
    file.current = file.current.slice(0, first) + replace + file.current.slice(first + search.length);
  }

  const patched: PatchedFile[] = [];
  for (const [path, file] of files) {
    if (file.current.length > maxFileChars)
      problems.push(`${path}: the result exceeds ${maxFileChars} characters`);
    if (file.current !== file.before)
      patched.push({ path, before: file.before, after: file.current, mode: file.mode });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (patched.length === 0) return { ok: false, problems: ["the patch changes nothing"] };
  return { ok: true, files: patched };
}

/** Models write `\n`; a file with `\r\n` line endings gets its edit translated rather than refused. */
function matchLineEndings(edit: FileEdit, content: string): { search: string; replace: string } {
  if (!content.includes("\r\n") || edit.search.includes("\r\n")) return edit;
  const crlf = (text: string): string => text.replace(/\r?\n/g, "\r\n");
  return { search: crlf(edit.search), replace: crlf(edit.replace) };
}
