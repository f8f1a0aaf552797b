import { describe, expect, it } from "vitest";
import { countTestsRun, explainNoTestsRan, type TestTally } from "../../src/verify/index.ts";

/** node:test's closing summary (TAP or spec form) with `tests` and `pass` counts. */
function nodeSummary(tests: number, pass: number, prefix: "#" | "ℹ" = "#"): string {
  return [
    `${prefix} tests ${tests}`,
    `${prefix} suites 0`,
    `${prefix} pass ${pass}`,
    `${prefix} fail 0`,
    `${prefix} cancelled 0`,
    `${prefix} skipped ${tests - pass}`,
    `${prefix} todo 0`,
    `${prefix} duration_ms 128.9`,
  ].join("\n");
}

const worktree = "/var/cache/quorum/worktrees/3f2a";

describe("countTestsRun", () => {
  it("reads node:test's TAP and spec summaries, counting passed tests only", () => {
    const tap = ["TAP version 13", "# Subtest: total", "ok 1 - total", "1..1", nodeSummary(1, 1)].join("\n");
    expect(countTestsRun("node-test", tap, "test/quorum-cart.test.js")).toEqual({
      passed: 1,
      exact: true,
      summary: "# pass 1",
    });
    expect(countTestsRun("node-test", nodeSummary(2, 1, "ℹ"))).toMatchObject({ passed: 1 });
    // An empty describe: `tests 0`, exit code 0.
    expect(countTestsRun("node-test", ["1..1", nodeSummary(0, 0)].join("\n"))).toMatchObject({ passed: 0 });
  });

  it("does not count a file that declares no test, which node:test lists as a passing test of its own", () => {
    const tap = [
      "TAP version 13",
      `# Subtest: ${worktree}/test/quorum-cart.test.js`,
      `ok 1 - ${worktree}/test/quorum-cart.test.js`,
      "1..1",
      nodeSummary(1, 1),
    ].join("\n");
    const tally = countTestsRun("node-test", tap, "test/quorum-cart.test.js");
    expect(tally?.passed).toBe(0);
    expect(tally?.summary).toBe(
      "# pass 1, of which 1 is test/quorum-cart.test.js itself: node:test lists a file that declares no test as a test",
    );
    const spec = [`✔ ${worktree}/test/quorum-cart.test.js (63.6ms)`, nodeSummary(1, 1, "ℹ")].join("\n");
    expect(countTestsRun("node-test", spec, "test/quorum-cart.test.js")?.passed).toBe(0);
    // Another file without tests is not the new one: its entry still counts (the suite compares totals).
    expect(countTestsRun("node-test", tap, "test/other.test.js")?.passed).toBe(1);
  });

  it("sums node:test summaries when a script runs the runner more than once", () => {
    const output = [nodeSummary(2, 2), "", nodeSummary(3, 3)].join("\n");
    expect(countTestsRun("node-test", output)).toMatchObject({ passed: 5, summary: "# pass 2; # pass 3" });
  });

  it("reads vitest, jest and mocha summaries", () => {
    const vitest =
      " ✓ test/a.test.ts (2)\n\n Test Files  1 passed (1)\n      Tests  2 passed | 1 skipped (3)\n";
    expect(countTestsRun("vitest", vitest)).toEqual({
      passed: 2,
      exact: true,
      summary: "Tests  2 passed | 1 skipped (3)",
    });
    expect(countTestsRun("vitest", "      Tests  1 skipped (1)")?.passed).toBe(0);
    expect(
      countTestsRun("jest", "Test Suites: 1 passed, 1 total\nTests:       3 passed, 3 total\n"),
    ).toMatchObject({
      passed: 3,
    });
    expect(
      countTestsRun("mocha", "  total\n    ✔ works\n\n\n  1 passing (4ms)\n  1 pending\n"),
    ).toMatchObject({
      passed: 1,
    });
    expect(countTestsRun("mocha", "\n\n  0 passing (1ms)\n")?.passed).toBe(0);
  });

  it("reads pytest's final line, quiet or not", () => {
    expect(countTestsRun("pytest", ".                 [100%]\n1 passed in 0.90s\n")).toEqual({
      passed: 1,
      exact: true,
      summary: "1 passed in 0.90s",
    });
    const verbose = "=========================== 1 passed, 1 skipped in 1.03s ===========================";
    expect(countTestsRun("pytest", verbose)).toMatchObject({
      passed: 1,
      summary: "1 passed, 1 skipped in 1.03s",
    });
    expect(countTestsRun("pytest", "1 skipped in 0.88s")?.passed).toBe(0);
    expect(countTestsRun("pytest", "no tests ran in 0.68s")?.passed).toBe(0);
  });

  it("reads go test's PASS lines, or its package lines as a lower bound", () => {
    const verbose =
      "=== RUN   TestTotal\n--- PASS: TestTotal (0.00s)\n=== RUN   TestZero\n--- PASS: TestZero (0.00s)\nPASS\nok  \texample.com/cart\t0.002s\n";
    expect(countTestsRun("go", verbose)).toMatchObject({ passed: 2, exact: true });
    expect(countTestsRun("go", "ok  \texample.com/cart\t0.002s\n")).toEqual({
      passed: 1,
      exact: false,
      summary: "ok example.com/cart 0.002s",
    });
    expect(countTestsRun("go", "ok  \texample.com/cart\t0.002s [no tests to run]\n")).toMatchObject({
      passed: 0,
      exact: true,
    });
    expect(countTestsRun("go", "?   \texample.com/cart\t[no test files]\n")?.passed).toBe(0);
  });

  it("sums cargo's test results over every test target", () => {
    const output = [
      "running 2 tests",
      "test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
      "running 0 tests",
      "test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
    ].join("\n");
    expect(countTestsRun("cargo", output)?.passed).toBe(2);
    expect(countTestsRun("cargo", output.split("\n").slice(2).join("\n"))?.passed).toBe(0);
  });

  it("ignores colours, tries every format for an unknown runner, and finds nothing in other output", () => {
    expect(countTestsRun("node-test", "\u001b[34mℹ pass 2\u001b[39m\n")?.passed).toBe(2);
    expect(countTestsRun("unknown", "make: Entering directory\n1 passed in 0.01s\n")).toMatchObject({
      passed: 1,
    });
    expect(countTestsRun("unknown", "all good\n")).toBeUndefined();
    expect(countTestsRun("node-test", "1 passed in 0.01s\n")).toBeUndefined();
    expect(countTestsRun("pytest", "")).toBeUndefined();
  });
});

describe("explainNoTestsRan", () => {
  const tally = (passed: number, exact = true): TestTally => ({ passed, exact, summary: `# pass ${passed}` });

  it("accepts a run of the file alone that passed at least one test", () => {
    expect(explainNoTestsRan("node-test", tally(1))).toBeUndefined();
    expect(explainNoTestsRan("go", tally(1, false))).toBeUndefined();
  });

  it("refuses a run that passed no test, or printed no summary where the runner always prints one", () => {
    expect(explainNoTestsRan("node-test", tally(0))).toBe("ran no tests (the runner reported: # pass 0)");
    expect(explainNoTestsRan("pytest", undefined)).toBe(
      "ran no tests: the pytest run printed no test summary, so nothing shows a test passed",
    );
    // A runner Quorum does not know may print nothing: its pass is taken as it is.
    expect(explainNoTestsRan("unknown", undefined)).toBeUndefined();
  });

  it("for a suite run, asks for more passed tests than the suite has without the file", () => {
    expect(explainNoTestsRan("node-test", tally(5), tally(4))).toBeUndefined();
    expect(explainNoTestsRan("node-test", tally(4), tally(4))).toBe(
      "ran no tests: the suite passed 4 with it and 4 without it (the runner reported: # pass 4)",
    );
    // Lower bounds cannot be compared: one passed test is all that can be asked.
    expect(explainNoTestsRan("go", tally(1, false), tally(1, false))).toBeUndefined();
    expect(explainNoTestsRan("go", tally(0), tally(1, false))).toMatch(/^ran no tests/);
  });
});
