import { dirname, extname } from "node:path";
import type { TestFramework } from "./detect-test-command.ts";
import { findSensitivePaths } from "./find-sensitive-paths.ts";
import { isTestFile } from "./is-test-file.ts";

/**
 * Where a generated test goes: a new file (never an existing one) named `quorum-<slug>`, in the
 * folder and with the extension the repository's own tests use, so its runner picks it up.
 * `near` is a source file the test is about (Go tests must sit in its package), so for a source
 * under a sensitive path the result can be one: check it with `findSensitivePaths`.
 */
export function planTestFilePath(
  framework: TestFramework,
  existingPaths: readonly string[],
  slug: string,
  near?: string,
): string {
  const safeSlug =
    slug
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "generated";
  const taken = new Set(existingPaths);
  // Tests under `.github/` (a CI script's own tests) are no model: Quorum never writes there.
  const tests = existingPaths.filter((path) => isTestFile(path) && findSensitivePaths([path]).length === 0);
  const unique = (make: (suffix: string) => string): string => {
    for (let n = 1; ; n += 1) {
      const candidate = make(n === 1 ? "" : `-${n}`);
      if (!taken.has(candidate)) return candidate;
    }
  };
  switch (framework) {
    case "pytest": {
      const dir = mostCommonDir(tests.filter((p) => p.endsWith(".py")));
      const underscored = safeSlug.replace(/-/g, "_");
      return unique((suffix) => join(dir, `test_quorum_${underscored}${suffix.replace("-", "_")}.py`));
    }
    case "go": {
      const dir = near === undefined ? "." : dirname(near);
      return unique((suffix) =>
        join(dir, `quorum_${safeSlug.replace(/-/g, "_")}${suffix.replace("-", "_")}_test.go`),
      );
    }
    case "cargo":
      return unique((suffix) => `tests/quorum_${safeSlug.replace(/-/g, "_")}${suffix.replace("-", "_")}.rs`);
    default: {
      const jsTests = tests.filter((p) => /\.[cm]?[jt]sx?$/.test(p));
      const dir = mostCommonDir(jsTests, "test");
      const ext =
        mostCommon(
          jsTests.map((p) => /\.(?:test|spec)\.[cm]?[jt]sx?$/.exec(p)?.[0] ?? `.test${extname(p)}`),
        ) ?? ".test.js";
      return unique((suffix) => join(dir, `quorum-${safeSlug}${suffix}${ext}`));
    }
  }
}

function join(dir: string, name: string): string {
  return dir === "." || dir === "" ? name : `${dir}/${name}`;
}

function mostCommonDir(paths: readonly string[], fallback = "."): string {
  return mostCommon(paths.map((p) => dirname(p))) ?? fallback;
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  for (const [value, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = value;
  return best;
}
