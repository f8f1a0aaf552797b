import type { TestTally } from "./count-tests-run.ts";
import type { TestFramework } from "./detect-test-command.ts";

/**
 * Pure: why a passing run that included a new test file shows no test of it passing, or undefined
 * when it shows one. A file without a test passes every runner that does not insist on one
 * (`node --test` exits 0 with `# tests 0`), so a pass alone proves nothing.
 *
 * - `run`: the tally of the run; for a run of that file alone, it must count at least one passed test.
 * - `without`: for a run of the whole suite, the same suite's tally without the file; the run must
 *   have passed more. When either count is only a lower bound, at least one passed test will do.
 * - No summary at all: refused for every framework Quorum knows (they all print one), accepted for
 *   an unknown runner, which may print none.
 */
export function explainNoTestsRan(
  framework: TestFramework,
  run: TestTally | undefined,
  without?: TestTally,
): string | undefined {
  if (run === undefined)
    return framework === "unknown"
      ? undefined
      : `ran no tests: the ${framework} run printed no test summary, so nothing shows a test passed`;
  if (without === undefined || !run.exact || !without.exact)
    return run.passed > 0 ? undefined : `ran no tests (the runner reported: ${run.summary})`;
  return run.passed > without.passed
    ? undefined
    : `ran no tests: the suite passed ${run.passed} with it and ${without.passed} without it (the runner reported: ${run.summary})`;
}
