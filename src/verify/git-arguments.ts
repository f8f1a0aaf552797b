/**
 * A value headed for a git command line was refused: it could be read as an option, escape the
 * repository, or is not what it claims to be. Validation happens before any git process starts.
 */
export class GitArgumentError extends Error {
  override readonly name = "GitArgumentError";
  readonly retryable = false;
  /** What kind of value was refused, e.g. `ref`, `path`. */
  readonly kind: string;

  constructor(kind: string, value: string, why: string) {
    // The value is shown quoted and shortened: it may be hostile, and it must stay one line.
    super(`invalid ${kind} ${JSON.stringify(value.slice(0, 120))}: ${why}`);
    this.kind = kind;
  }
}

/**
 * Accepts a branch or ref name by the rules of `git check-ref-format --allow-onelevel`, and also
 * refuses a leading `-` (which `git check-ref-format --branch` refuses) so it can never be an option.
 */
export function assertRefName(name: string): string {
  const refuse = (why: string): never => {
    throw new GitArgumentError("ref", name, why);
  };
  if (name.length === 0 || name.length > 255) refuse("must be 1 to 255 characters");
  if (name.startsWith("-")) refuse("must not start with '-'");
  if (name === "@") refuse("must not be '@'");
  // Control characters, space, and ~ ^ : ? * [ \ are never allowed in a ref.
  if (hasControlCharacter(name, true) || /[~^:?*[\\]/.test(name))
    refuse("contains a character git does not allow in refs");
  if (name.includes("..")) refuse("must not contain '..'");
  if (name.includes("@{")) refuse("must not contain '@{'");
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//"))
    refuse("has an empty path component");
  if (name.endsWith(".")) refuse("must not end with '.'");
  for (const component of name.split("/")) {
    if (component.startsWith(".")) refuse("a component starts with '.'");
    if (component.endsWith(".lock")) refuse("a component ends with '.lock'");
  }
  return name;
}

/** A full commit id: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits. */
export function assertCommitSha(sha: string): string {
  if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(sha)) {
    throw new GitArgumentError("commit", sha, "must be a full lowercase hex commit id");
  }
  return sha;
}

/**
 * A file path inside a repository: relative, `/`-separated, no `.` or `..` components, no empty
 * components, nothing inside `.git`, no control characters or backslashes.
 */
export function assertRepoPath(path: string): string {
  const refuse = (why: string): never => {
    throw new GitArgumentError("path", path, why);
  };
  if (path.length === 0 || path.length > 4096) refuse("must be 1 to 4096 characters");
  if (hasControlCharacter(path, false) || path.includes("\\"))
    refuse("contains a control character or a backslash");
  if (path.startsWith("/")) refuse("must be relative to the repository root");
  for (const component of path.split("/")) {
    if (component === "" || component === "." || component === "..")
      refuse("has an empty, '.' or '..' component");
    if (component.toLowerCase() === ".git") refuse("must not be inside .git");
  }
  return path;
}

export interface CloneUrlOptions {
  /** Accept `file://` URLs and absolute paths (tests, local mirrors). Default: false. */
  readonly allowLocal?: boolean | undefined;
}

/**
 * A clone URL as GitHub sends it (`repository.clone_url`, also on GitHub Enterprise Server):
 * https (or http for a GHES instance served over http), a host, no credentials inside. Tokens go
 * in a header, never in the URL, so they are never written to disk or logged.
 */
export function assertCloneUrl(url: string, options: CloneUrlOptions = {}): string {
  const refuse = (why: string): never => {
    throw new GitArgumentError("clone URL", url, why);
  };
  if (hasControlCharacter(url, true)) refuse("contains whitespace or a control character");
  if (options.allowLocal === true && url.startsWith("/")) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse("is not a URL");
  }
  if (parsed.protocol === "file:") {
    if (options.allowLocal !== true) refuse("local repositories are not allowed here");
    return url;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") refuse("must be an https URL");
  if (parsed.username !== "" || parsed.password !== "") refuse("must not contain credentials");
  if (parsed.hostname === "") refuse("has no host");
  return parsed.toString();
}

/** C0 control characters and DEL, and with `orSpace` the space too. */
function hasControlCharacter(text: string, orSpace: boolean): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || (orSpace && code === 0x20)) return true;
  }
  return false;
}
