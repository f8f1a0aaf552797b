import { assertRepoPath, GitArgumentError } from "./git-arguments.ts";
import type { TreeFile } from "./open-workspace.ts";

/** Why Quorum never changes a path. */
export type SensitivePathKind = "ci-or-configuration" | "git" | "outside-repository" | "link";

/**
 * A proposed change (a fix patch, a generated test) would create, edit or delete a path Quorum
 * never changes. It is refused before any worktree is touched, and the message says which path and
 * why, e.g. `.github/workflows/ci.yml: Quorum never changes CI, CODEOWNERS or its own configuration`.
 */
export class SensitivePathError extends Error {
  override readonly name = "SensitivePathError";
  readonly retryable = false;
  readonly path: string;
  readonly kind: SensitivePathKind;

  constructor(path: string, kind: SensitivePathKind, why: string, options?: ErrorOptions) {
    // A hostile path is shown quoted and shortened, so the message stays one line.
    const shown = /^[\x21-\x7e]{1,200}$/.test(path) ? path : JSON.stringify(path.slice(0, 120));
    super(`${shown}: ${why}`, options);
    this.path = path;
    this.kind = kind;
  }
}

/**
 * Workflows run with the repository's secrets on push, CODEOWNERS decides who must approve, and
 * `.github/quorum.yml` configures Quorum itself: a change to any of them could turn a "fix" into
 * a way to leak secrets or to skip review. Other CI systems' files are refused for the same reason.
 */
const ciOrConfiguration: readonly RegExp[] = [
  /^\.github(?:\/|$)/i,
  /^(?:docs\/)?CODEOWNERS$/i,
  /^(?:\.gitlab-ci\.ya?ml|\.travis\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|\.drone\.ya?ml|Jenkinsfile)$/i,
  /^(?:\.circleci|\.buildkite)(?:\/|$)/i,
];

/** `.git` (a directory, or a file pointing at one) and `.gitmodules` (where submodules are fetched from). */
const gitFiles = new Set([".git", ".gitmodules"]);

/**
 * Pure: the paths among `paths` that no fix or generated test may create, edit or delete, each with
 * why: CI and Quorum configuration (`.github/`, CODEOWNERS, other CI systems' files), git's own
 * files, anything not a plain relative path inside the repository (`..`, absolute, control
 * characters), and, given the commit's `tree`, a symlink or submodule or anything below one (a
 * write through a link can land anywhere). Empty when every path may be changed. Case is ignored:
 * the checks must hold on case-insensitive file systems too.
 */
export function findSensitivePaths(
  paths: readonly string[],
  tree: readonly Pick<TreeFile, "path" | "mode">[] = [],
): SensitivePathError[] {
  const links = new Set(
    tree.filter((file) => file.mode !== "100644" && file.mode !== "100755").map((file) => file.path),
  );
  const refused: SensitivePathError[] = [];
  for (const path of new Set(paths)) {
    const problem = classify(path, links);
    if (problem !== undefined) refused.push(problem);
  }
  return refused;
}

function classify(path: string, links: ReadonlySet<string>): SensitivePathError | undefined {
  const parts = path.split("/");
  if (parts.some((part) => gitFiles.has(part.toLowerCase())))
    return new SensitivePathError(path, "git", "Quorum never changes git's own files");
  try {
    assertRepoPath(path);
  } catch (error) {
    if (!(error instanceof GitArgumentError)) throw error;
    return new SensitivePathError(
      path,
      "outside-repository",
      "Quorum changes only plain relative paths inside the repository",
      { cause: error },
    );
  }
  if (ciOrConfiguration.some((pattern) => pattern.test(path)))
    return new SensitivePathError(
      path,
      "ci-or-configuration",
      "Quorum never changes CI, CODEOWNERS or its own configuration",
    );
  for (let end = 1; end <= parts.length; end += 1) {
    const prefix = parts.slice(0, end).join("/");
    if (links.has(prefix))
      return new SensitivePathError(
        path,
        "link",
        prefix === path
          ? "is a symlink or submodule in the repository; Quorum changes only plain files"
          : `${prefix} is a symlink or submodule in the repository; Quorum never writes through one`,
      );
  }
  return undefined;
}
