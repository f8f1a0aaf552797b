/**
 * Tests a repository path against a glob. `*` matches within one path segment, `?` one character
 * of a segment, `**` any number of whole segments (including none). A pattern without `/` is
 * matched against the file name alone, so `*.lock` ignores lock files in every folder, as in
 * .gitignore. A leading `/` anchors a slash-less pattern to the repository root.
 */
export function matchGlob(pattern: string, path: string): boolean {
  const anchored = pattern.startsWith("/");
  const body = anchored ? pattern.slice(1) : pattern;
  const target = !anchored && !body.includes("/") ? basename(path) : path;
  return compileGlob(body).test(target);
}

/** The first pattern that matches the path, for telling the user why a file was ignored. */
export function findMatchingGlob(patterns: readonly string[], path: string): string | undefined {
  return patterns.find((pattern) => matchGlob(pattern, path));
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function compileGlob(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === "*" && pattern.charAt(i + 1) === "*") {
      const atSegmentStart = i === 0 || pattern.charAt(i - 1) === "/";
      const followedBySlash = pattern.charAt(i + 2) === "/";
      if (atSegmentStart && followedBySlash) {
        // `**/` may stand for no folder at all: `**/dist/**` matches `dist/a.js`.
        source += "(?:.*/)?";
        i += 2;
      } else {
        source += ".*";
        i += 1;
      }
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}
