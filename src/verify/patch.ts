/**
 * One replacement in one file: `search` must occur exactly once in the file as it is after the
 * file's earlier edits, and is replaced by `replace`. An empty `search` creates a new file whose
 * content is `replace`.
 */
export interface FileEdit {
  readonly path: string;
  readonly search: string;
  readonly replace: string;
}

/** A file as a patch leaves it. */
export interface PatchedFile {
  readonly path: string;
  /** The content before the patch; undefined for a new file. */
  readonly before: string | undefined;
  readonly after: string;
  /** Git file mode kept from the original: `100644` or `100755`. New files get `100644`. */
  readonly mode: "100644" | "100755";
}

export type PatchApplication =
  | { readonly ok: true; readonly files: readonly PatchedFile[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/** A file as the base commit has it; undefined when the commit has no such file. */
export type ReadBaseFile = (
  path: string,
) => Promise<{ readonly content: string; readonly mode: string } | undefined>;
