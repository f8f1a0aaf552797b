import { describe, expect, it } from "vitest";
import {
  compareLineCoverage,
  isTestFile,
  parseCoverageReport,
  planCoverageCommand,
  type TestCommand,
} from "../../src/verify/index.ts";

/** What `node --test --experimental-test-coverage --test-reporter=lcov` printed for the cart fixture (Node 20). */
const nodeLcov = [
  "TN:",
  "SF:src/cart.js",
  "FN:2,total",
  "FNDA:2,total",
  "FNF:5",
  "FNH:4",
  "BRDA:1,0,0,1",
  "BRF:5",
  "BRH:5",
  ...Array.from({ length: 12 }, (_, i) => `DA:${i + 1},1`),
  "DA:13,0",
  "DA:14,0",
  "DA:15,0",
  "LH:12",
  "LF:15",
  "end_of_record",
  "SF:test/cart.test.js",
  "BRF:4",
  "BRH:4",
  "LH:27",
  "LF:27",
  "end_of_record",
].join("\n");

/** pytest-cov's terminal report (`--cov-report=term`), with the noise pytest prints around it. */
const pytestCov = [
  "...                                                                      [100%]",
  "",
  "---------- coverage: platform linux, python 3.11.2-final-0 -----------",
  "Name                 Stmts   Miss  Cover",
  "----------------------------------------",
  "cart.py                  6      1    83%",
  "tests/test_cart.py      10      0   100%",
  "----------------------------------------",
  "TOTAL                   16      1    94%",
  "",
  "3 passed in 0.05s",
].join("\n");

describe("parseCoverageReport", () => {
  it("reads lines found and hit per file from Node's lcov report", () => {
    expect(parseCoverageReport(nodeLcov, "lcov")).toEqual([
      { path: "src/cart.js", lines: 15, covered: 12 },
      { path: "test/cart.test.js", lines: 27, covered: 27 },
    ]);
  });

  it("counts DA lines when a record has no LF/LH, and makes absolute paths relative to the root", () => {
    const report = "SF:/w/tree/src/a.js\nDA:1,3\nDA:2,0\nDA:3,1\nend_of_record\n";
    expect(parseCoverageReport(report, "lcov", "/w/tree")).toEqual([
      { path: "src/a.js", lines: 3, covered: 2 },
    ]);
  });

  it("ignores test output around the report and records that claim more hits than lines", () => {
    const noisy = `console says SF:nothing\nok 1 - a test\n${nodeLcov}\nSF:bad.js\nLF:2\nLH:5\nend_of_record\n# pass 3`;
    expect(parseCoverageReport(noisy, "lcov").map((file) => file.path)).toEqual([
      "src/cart.js",
      "test/cart.test.js",
    ]);
  });

  it("reads statements and misses per file from pytest-cov's table, with or without branch columns", () => {
    expect(parseCoverageReport(pytestCov, "pytest-cov")).toEqual([
      { path: "cart.py", lines: 6, covered: 5 },
      { path: "tests/test_cart.py", lines: 10, covered: 10 },
    ]);
    const branches = [
      "Name      Stmts   Miss Branch BrPart  Cover",
      "-------------------------------------------",
      "app.py       20      4      6      2    75%",
      "-------------------------------------------",
      "TOTAL        20      4      6      2    75%",
    ].join("\n");
    expect(parseCoverageReport(branches, "pytest-cov")).toEqual([{ path: "app.py", lines: 20, covered: 16 }]);
  });

  it("finds nothing when there is no report (e.g. pytest without pytest-cov)", () => {
    expect(parseCoverageReport("error: unrecognized arguments: --cov=.", "pytest-cov")).toEqual([]);
    expect(parseCoverageReport("ok 1 - test\n# pass 1", "lcov")).toEqual([]);
  });
});

describe("compareLineCoverage", () => {
  it("leaves test files out and counts a file only one run loaded as uncovered in the other", () => {
    const before = [
      { path: "src/cart.js", lines: 15, covered: 12 },
      { path: "test/cart.test.js", lines: 27, covered: 27 },
    ];
    const after = [
      { path: "src/cart.js", lines: 15, covered: 15 },
      { path: "src/coupon.js", lines: 5, covered: 4 },
      { path: "test/cart.test.js", lines: 27, covered: 27 },
      { path: "test/quorum-cart.test.js", lines: 9, covered: 9 },
    ];
    const change = compareLineCoverage(before, after, isTestFile);
    expect(change).toEqual({
      before: { lines: 20, covered: 12, percent: 60 },
      after: { lines: 20, covered: 19, percent: 95 },
      files: 2,
    });
  });

  it("is undefined when nothing but tests was measured", () => {
    const tests = [{ path: "test/a.test.js", lines: 3, covered: 3 }];
    expect(compareLineCoverage(tests, tests, isTestFile)).toBeUndefined();
  });
});

function command(overrides: Partial<TestCommand>): TestCommand {
  return {
    argv: ["npm", "test"],
    display: "npm test",
    source: "package.json",
    framework: "node-test",
    ...overrides,
  };
}

describe("planCoverageCommand", () => {
  it("runs a plain `node --test` script with Node's coverage, options before the file patterns", () => {
    expect(planCoverageCommand(command({ script: "node --test test/" }))).toEqual({
      kind: "measurable",
      argv: [
        "node",
        "--test",
        "--experimental-test-coverage",
        "--test-reporter=lcov",
        "--test-reporter-destination=stdout",
        "test/",
      ],
      format: "lcov",
    });
  });

  it("says why when a script is more than `node --test` or picks its own reporter", () => {
    expect(planCoverageCommand(command({ script: "node --test && eslint ." }))).toEqual({
      kind: "unmeasurable",
      why: "the test script is not a plain `node --test` command",
    });
    expect(planCoverageCommand(command({ script: "node --test --test-reporter=spec" }))).toMatchObject({
      kind: "unmeasurable",
      why: "the test script chooses its own test reporter",
    });
    expect(planCoverageCommand(command({ framework: "vitest", script: "vitest run" }))).toMatchObject({
      kind: "unmeasurable",
      why: expect.stringMatching(/node:test and pytest suites only \(this one is vitest\)/),
    });
  });

  it("runs pytest with pytest-cov, and says that it needs it", () => {
    expect(
      planCoverageCommand(command({ framework: "pytest", source: "pytest", script: undefined })),
    ).toMatchObject({
      kind: "measurable",
      argv: ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--cov=.", "--cov-report=term"],
      format: "pytest-cov",
      needs: expect.stringMatching(/pytest-cov/),
    });
    expect(
      planCoverageCommand(command({ framework: "pytest", source: "config", script: "pytest tests/unit" })),
    ).toMatchObject({ kind: "measurable", argv: expect.arrayContaining(["tests/unit"]) });
    expect(
      planCoverageCommand(command({ framework: "pytest", source: "config", script: "tox -e py311" })),
    ).toMatchObject({ kind: "unmeasurable" });
  });
});
