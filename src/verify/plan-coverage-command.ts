import type { TestCommand } from "./detect-test-command.ts";

/** How line coverage is read from a run's output. */
export type CoverageFormat = "lcov" | "pytest-cov";

export type CoveragePlan =
  | {
      readonly kind: "measurable";
      /** Runs the suite with coverage; its output holds the report in `format`. */
      readonly argv: readonly [string, ...string[]];
      readonly format: CoverageFormat;
      /** What the run needs beyond the test runner, for the log when it fails (e.g. pytest-cov). */
      readonly needs?: string | undefined;
    }
  | { readonly kind: "unmeasurable"; readonly why: string };

/** Plain arguments only: no shell syntax, quotes or expansions that a rewrite could change. */
const plainArgs = String.raw`((?:\s+[^\s&|;<>()$\x60'"\\]+)*)\s*`;
const nodeTestScript = new RegExp(String.raw`^\s*node\s+--test${plainArgs}$`);
const pytestScript = new RegExp(String.raw`^\s*(?:python3?\s+-m\s+)?pytest${plainArgs}$`);

/**
 * Pure: how to measure the line coverage of a repository's suite with its own tooling, when it
 * can be done without guessing: a plain `node --test` script (Node's built-in coverage, lcov
 * report on stdout) or pytest (pytest-cov, terminal report). Anything else is unmeasurable, and
 * says why.
 */
export function planCoverageCommand(command: TestCommand): CoveragePlan {
  if (command.framework === "node-test") {
    const match = nodeTestScript.exec(command.script ?? "");
    if (match === null)
      return { kind: "unmeasurable", why: "the test script is not a plain `node --test` command" };
    const args = splitArgs(match[1]).filter((arg) => arg !== "--experimental-test-coverage");
    if (args.some((arg) => arg.startsWith("--test-reporter")))
      return { kind: "unmeasurable", why: "the test script chooses its own test reporter" };
    // Options must come before the file patterns: node reads everything after them as files.
    return {
      kind: "measurable",
      argv: [
        "node",
        "--test",
        "--experimental-test-coverage",
        "--test-reporter=lcov",
        "--test-reporter-destination=stdout",
        ...args,
      ],
      format: "lcov",
    };
  }
  if (command.framework === "pytest") {
    const script = command.source === "pytest" ? "pytest" : (command.script ?? "");
    const match = pytestScript.exec(script);
    if (match === null)
      return { kind: "unmeasurable", why: "the test command is not a plain pytest command" };
    return {
      kind: "measurable",
      argv: [
        "python3",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--cov=.",
        "--cov-report=term",
        ...splitArgs(match[1]),
      ],
      format: "pytest-cov",
      needs: "pytest-cov installed for the sandbox's python3",
    };
  }
  return {
    kind: "unmeasurable",
    why: `coverage is measured for node:test and pytest suites only (this one is ${command.framework})`,
  };
}

function splitArgs(text: string | undefined): string[] {
  return (text ?? "").split(/\s+/).filter((arg) => arg !== "");
}
