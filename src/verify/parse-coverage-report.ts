import type { CoverageFormat } from "./plan-coverage-command.ts";

/** Line coverage of one file, as a coverage report states it. */
export interface FileCoverage {
  /** Relative to the repository root. */
  readonly path: string;
  /** Executable lines (statements, for coverage.py). */
  readonly lines: number;
  readonly covered: number;
}

/**
 * Pure: the per-file line coverage in a run's output. `root` (the worktree) is cut from absolute
 * paths. Lines that are not part of a report are ignored; a report that is not there gives [].
 */
export function parseCoverageReport(output: string, format: CoverageFormat, root?: string): FileCoverage[] {
  const files = format === "lcov" ? parseLcov(output) : parsePytestCov(output);
  const prefix = root === undefined ? undefined : `${root.replace(/\/+$/, "")}/`;
  return files.map((file) => ({
    ...file,
    path: prefix !== undefined && file.path.startsWith(prefix) ? file.path.slice(prefix.length) : file.path,
  }));
}

/** lcov records: `SF:<path>` … `LF:<lines found>` `LH:<lines hit>` … `end_of_record` (DA lines when LF/LH are missing). */
function parseLcov(output: string): FileCoverage[] {
  const files: FileCoverage[] = [];
  let current: { path: string; found?: number; hit?: number; da: number; daHit: number } | undefined;
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("SF:")) {
      current = { path: line.slice(3), da: 0, daHit: 0 };
    } else if (current === undefined) {
      continue;
    } else if (line.startsWith("LF:")) {
      current.found = toCount(line.slice(3));
    } else if (line.startsWith("LH:")) {
      current.hit = toCount(line.slice(3));
    } else if (line.startsWith("DA:")) {
      const hits = toCount(line.slice(3).split(",")[1]);
      current.da += 1;
      if (hits !== undefined && hits > 0) current.daHit += 1;
    } else if (line === "end_of_record") {
      const lines = current.found ?? current.da;
      const covered = current.hit ?? current.daHit;
      if (covered <= lines) files.push({ path: current.path, lines, covered });
      current = undefined;
    }
  }
  return files;
}

/**
 * pytest-cov's terminal table: a header `Name Stmts Miss [Branch BrPart] Cover`, one row per
 * file, then `TOTAL`. Covered lines are statements minus missed ones.
 */
function parsePytestCov(output: string): FileCoverage[] {
  const lines = output.split(/\r?\n/);
  const header = lines.findIndex((line) => /^Name\s+Stmts\s+Miss\b/.test(line));
  if (header < 0) return [];
  const files: FileCoverage[] = [];
  for (const line of lines.slice(header + 1)) {
    if (/^-+\s*$/.test(line)) continue;
    if (line.trim() === "" || /^TOTAL\s/.test(line)) break;
    const row = /^(.+?)\s+(\d+)\s+(\d+)(?:\s+\d+\s+\d+)?\s+\d+(?:\.\d+)?%/.exec(line);
    const stmts = toCount(row?.[2]);
    const miss = toCount(row?.[3]);
    if (row?.[1] === undefined || stmts === undefined || miss === undefined || miss > stmts) continue;
    files.push({ path: row[1], lines: stmts, covered: stmts - miss });
  }
  return files;
}

function toCount(text: string | undefined): number | undefined {
  const value = Number(text);
  return text !== undefined && /^\s*\d+\s*$/.test(text) && Number.isSafeInteger(value) ? value : undefined;
}
