import { stripVTControlCharacters } from "node:util";
import type { TestFramework } from "./detect-test-command.ts";

/** What a test runner's summary says about one run. */
export interface TestTally {
  /** Tests that passed; skipped and todo ones do not count. */
  readonly passed: number;
  /**
   * False when the runner says only that something passed, not how much (`go test` without `-v`
   * prints `ok` per package): `passed` is then a lower bound.
   */
  readonly exact: boolean;
  /** The summary as the runner printed it, for the log, e.g. `# pass 0`. */
  readonly summary: string;
}

type Parse = (lines: readonly string[], newFile: string | undefined) => TestTally | undefined;

/**
 * Pure: how many tests a run passed, read from the runner's own summary (node:test `# pass N` in
 * TAP or `ℹ pass N` in spec form, vitest `Tests  N passed (M)`, jest `Tests: N passed, M total`,
 * mocha `N passing`, pytest `N passed in 0.1s`, `go test` `--- PASS:` lines or `ok`, cargo
 * `test result: ok. N passed`). For an unknown framework every format is tried. Undefined when the
 * output holds no summary. `newFile`: the new test file the run included; node:test lists a file
 * that declares no test as a passing test of its own, which is not counted.
 */
export function countTestsRun(
  framework: TestFramework,
  output: string,
  newFile?: string,
): TestTally | undefined {
  const lines = stripVTControlCharacters(output).split(/\r?\n/);
  const parsers =
    framework === "unknown" ? Object.values(parsersByFramework) : [parsersByFramework[framework]];
  for (const parse of parsers) {
    const tally = parse(lines, newFile);
    if (tally !== undefined) return tally;
  }
  return undefined;
}

const parseNodeTest: Parse = (lines, newFile) => {
  const passLines = lines.filter((line) => /^(?:#|ℹ) pass \d+\s*$/.test(line));
  if (passLines.length === 0) return undefined;
  const reported = passLines.reduce((sum, line) => sum + Number(/\d+/.exec(line)?.[0] ?? 0), 0);
  // A top-level result named after the file itself (`ok 1 - /work/x/test/a.test.js`, `✔ …/a.test.js (2ms)`).
  const fileItself =
    newFile === undefined
      ? 0
      : lines.filter((line) => {
          const name = /^(?:ok \d+ - |✔ )(.+?)(?: \([\d.]+m?s\))?(?: # .*)?$/.exec(line)?.[1];
          return name !== undefined && (name === newFile || name.endsWith(`/${newFile}`));
        }).length;
  const summary = passLines.map((line) => line.trim()).join("; ");
  return {
    passed: Math.max(0, reported - fileItself),
    exact: true,
    summary:
      fileItself === 0
        ? summary
        : `${summary}, of which ${fileItself} is ${newFile ?? "the file"} itself: node:test lists a file that declares no test as a test`,
  };
};

const parseVitest: Parse = (lines) => lastCounted(lines, /^\s*(Tests\s+.*\(\d+\))\s*$/, /(\d+) passed/);

const parseJest: Parse = (lines) => lastCounted(lines, /^(Tests:\s+.*\btotal)\s*$/, /(\d+) passed/);

const parseMocha: Parse = (lines) => lastCounted(lines, /^\s*(\d+ passing\b.*)$/, /(\d+) passing/);

const parsePytest: Parse = (lines) =>
  lastCounted(
    lines,
    /^=*\s*((?:\d+ [a-z]+|no tests ran)(?:, \d+ [a-z]+)* in [\d.]+s\b.*?)\s*=*\s*$/,
    /(\d+) passed/,
  );

const parseCargo: Parse = (lines) => {
  const results = lines.filter((line) => /^test result: (?:ok|FAILED)\. \d+ passed;/.test(line));
  if (results.length === 0) return undefined;
  return {
    passed: results.reduce((sum, line) => sum + Number(/(\d+) passed/.exec(line)?.[1] ?? 0), 0),
    exact: true,
    summary: results.map((line) => line.trim()).join("; "),
  };
};

const parseGo: Parse = (lines) => {
  const passes = lines.filter((line) => line.startsWith("--- PASS: "));
  if (passes.length > 0)
    return { passed: passes.length, exact: true, summary: `${passes.length} × --- PASS` };
  const packages = lines.filter((line) => /^(?:ok|\?)\s+\S+\s/.test(line));
  if (packages.length === 0) return undefined;
  const tested = packages.filter((line) => line.startsWith("ok") && !line.includes("[no tests to run]"));
  return {
    passed: tested.length,
    exact: tested.length === 0,
    summary: packages.map((line) => line.trim().replace(/\s+/g, " ")).join("; "),
  };
};

const parsersByFramework: Readonly<Record<Exclude<TestFramework, "unknown">, Parse>> = {
  "node-test": parseNodeTest,
  vitest: parseVitest,
  jest: parseJest,
  mocha: parseMocha,
  pytest: parsePytest,
  cargo: parseCargo,
  go: parseGo,
};

/**
 * The last line matching `line`, whose first group is the summary; the count `passed` finds in it,
 * or 0 when the summary names no passed test.
 */
function lastCounted(lines: readonly string[], line: RegExp, passed: RegExp): TestTally | undefined {
  const match = lines.findLast((text) => line.test(text));
  if (match === undefined) return undefined;
  const summary = line.exec(match)?.[1] ?? match;
  return { passed: Number(passed.exec(summary)?.[1] ?? 0), exact: true, summary: summary.trim() };
}
