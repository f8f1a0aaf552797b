import type { FileCoverage } from "./parse-coverage-report.ts";

export interface LineCoverage {
  readonly lines: number;
  readonly covered: number;
  /** covered / lines × 100. */
  readonly percent: number;
}

export interface CoverageChange {
  readonly before: LineCoverage;
  readonly after: LineCoverage;
  /** Files counted (test files and excluded ones left out). */
  readonly files: number;
}

/**
 * Pure: line coverage of the same commit before and after adding tests, over the same files. A
 * file only one run reports (Node reports only the files a test loaded) counts as fully uncovered
 * in the other run, so loading a new file cannot make coverage look lower. `excluded` files (the
 * tests themselves) do not count. Undefined when no line is left to count.
 */
export function compareLineCoverage(
  before: readonly FileCoverage[],
  after: readonly FileCoverage[],
  excluded: (path: string) => boolean,
): CoverageChange | undefined {
  const byPath = (files: readonly FileCoverage[]): Map<string, FileCoverage> =>
    new Map(files.filter((file) => !excluded(file.path)).map((file) => [file.path, file]));
  const beforeFiles = byPath(before);
  const afterFiles = byPath(after);
  const paths = new Set([...beforeFiles.keys(), ...afterFiles.keys()]);
  const total = (own: Map<string, FileCoverage>, other: Map<string, FileCoverage>): LineCoverage => {
    let lines = 0;
    let covered = 0;
    for (const path of paths) {
      const file = own.get(path);
      lines += file?.lines ?? other.get(path)?.lines ?? 0;
      covered += file?.covered ?? 0;
    }
    return { lines, covered, percent: lines === 0 ? 0 : (covered / lines) * 100 };
  };
  const beforeTotal = total(beforeFiles, afterFiles);
  const afterTotal = total(afterFiles, beforeFiles);
  if (beforeTotal.lines === 0 || afterTotal.lines === 0) return undefined;
  return { before: beforeTotal, after: afterTotal, files: paths.size };
}
