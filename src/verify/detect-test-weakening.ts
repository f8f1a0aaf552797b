import { diffLines } from "./diff-lines.ts";
import { findSensitivePaths } from "./find-sensitive-paths.ts";
import { isTestFile } from "./is-test-file.ts";
import type { PatchedFile } from "./patch.ts";

/** Markers that switch a test off, or focus some tests so the others stop running. */
const disablingMarkers: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  {
    pattern: /\b(?:it|test|describe|suite|context|specify)\s*\.\s*(?:skip|todo|skipIf|runIf)\b/g,
    what: "a skipped test",
  },
  { pattern: /\b(?:xit|xdescribe|xtest|xcontext|xspecify)\s*\(/g, what: "a skipped test" },
  {
    pattern: /\b(?:it|test|describe|suite|context)\s*\.\s*only\b|\b(?:fit|fdescribe)\s*\(/g,
    what: "a focused test (.only)",
  },
  { pattern: /\b(?:skip|todo)\s*:\s*(?:true|['"`])/g, what: "a skip option" },
  { pattern: /\bt\s*\.\s*(?:skip|todo)\s*\(/g, what: "a skip call" },
  {
    pattern: /@pytest\.mark\.(?:skip|skipif|xfail)\b|\bpytest\.(?:skip|xfail|importorskip)\s*\(/g,
    what: "a pytest skip",
  },
  {
    pattern: /@unittest\.(?:skip|skipIf|skipUnless|expectedFailure)\b|\.skipTest\s*\(/g,
    what: "a unittest skip",
  },
  { pattern: /\bt\.Skip(?:f|Now)?\s*\(/g, what: "a Go t.Skip" },
  { pattern: /#\[ignore\b/g, what: "a Rust #[ignore]" },
];

const assertionLine =
  /\bassert\w*|\bexpect\s*\(|\.should\b|\bshould\s*\(|\bt\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow)\b|\bassert(?:_eq|_ne)?!|\bself\.assert\w+|\braises\s*\(|\.rejects\b|\.throws\b/;
const testDeclarationLine = /\b(?:it|test|specify)\s*\(|\bdef\s+test_\w*|\bfunc\s+Test\w*|#\[test\]/;

/**
 * Why a patch weakens the tests, if it does: a test file deleted or emptied, a skip or `.only`
 * added, an assertion or a test case removed or changed. A fix must make the tests pass by fixing
 * the code, so any of these disqualifies it. Heuristic by design; it errs on the side of refusing.
 */
export function detectTestWeakening(
  files: readonly PatchedFile[],
  deletedPaths: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  for (const path of deletedPaths) if (isTestFile(path)) problems.push(`${path}: deletes a test file`);
  for (const file of files) {
    if (!isTestFile(file.path) || file.before === undefined) continue;
    if (file.after.trim() === "") {
      problems.push(`${file.path}: empties a test file`);
      continue;
    }
    for (const { pattern, what } of disablingMarkers) {
      if (count(file.after, pattern) > count(file.before, pattern))
        problems.push(`${file.path}: adds ${what}`);
    }
    const removed = diffLines(file.before, file.after).filter((line) => line.kind === "-");
    const assertion = removed.find((line) => assertionLine.test(line.text));
    if (assertion !== undefined)
      problems.push(
        `${file.path}: removes or changes an assertion (\`${assertion.text.trim().slice(0, 120)}\`)`,
      );
    const declaration = removed.find((line) => testDeclarationLine.test(line.text));
    if (declaration !== undefined)
      problems.push(
        `${file.path}: removes or changes a test case (\`${declaration.text.trim().slice(0, 120)}\`)`,
      );
  }
  return [...new Set(problems)];
}

/**
 * Why a patch changes how tests are run, if it does: CI and Quorum configuration, test runner
 * configuration, build files, or package.json scripts. A fix that edits the test command could make
 * any failure "pass".
 */
export function detectTestSetupChange(files: readonly PatchedFile[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const name = file.path.split("/").at(-1) ?? file.path;
    if (findSensitivePaths([file.path]).some((error) => error.kind === "ci-or-configuration"))
      problems.push(`${file.path}: changes CI or Quorum configuration`);
    else if (runnerConfig.test(name)) problems.push(`${file.path}: changes the test runner's configuration`);
    else if (name === "package.json") {
      const scripts = (text: string | undefined): string | undefined => {
        try {
          return JSON.stringify((JSON.parse(text ?? "{}") as { scripts?: unknown }).scripts ?? null);
        } catch {
          return undefined;
        }
      };
      const after = scripts(file.after);
      if (after === undefined) problems.push(`${file.path}: is no longer valid JSON`);
      else if (after !== scripts(file.before)) problems.push(`${file.path}: changes the scripts`);
    }
  }
  return problems;
}

const runnerConfig =
  /^(?:pytest\.ini|tox\.ini|setup\.cfg|pyproject\.toml|noxfile\.py|Makefile|makefile|GNUmakefile|\.mocharc(?:\.[a-z]+)?|\.nycrc(?:\.[a-z]+)?|(?:jest|vitest|vite|mocha|karma|ava|playwright|cypress|babel)\.config\.[cm]?[jt]s(?:on)?|\.babelrc|tsconfig(?:\.[\w-]+)?\.json|\.cargo|Cargo\.toml|go\.mod)$/;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}
