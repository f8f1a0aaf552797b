import { describe, expect, it } from "vitest";
import {
  applyEdits,
  detectTestSetupChange,
  detectTestWeakening,
  formatUnifiedDiff,
  countChangedLines,
  parseSearchReplaceBlocks,
  PatchFormatError,
  type PatchedFile,
  type ReadBaseFile,
} from "../../src/verify/index.ts";

const base: Record<string, { content: string; mode: string }> = {
  "src/cart.js": { content: "export function total(a, d) {\n  return a - d;\n}\n", mode: "100644" },
  "bin/run": { content: "#!/bin/sh\necho run\n", mode: "100755" },
  "link.js": { content: "", mode: "120000" },
  "crlf.txt": { content: "one\r\ntwo\r\n", mode: "100644" },
  "dup.js": { content: "x = 1;\nx = 1;\n", mode: "100644" },
};
const readBase: ReadBaseFile = (path) => Promise.resolve(base[path]);

describe("applyEdits", () => {
  it("applies edits in memory and keeps each file's mode", async () => {
    const result = await applyEdits(
      [
        { path: "src/cart.js", search: "  return a - d;\n", replace: "  return Math.max(0, a - d);\n" },
        { path: "bin/run", search: "echo run", replace: "echo ran" },
        { path: "src/new.js", search: "", replace: "export const x = 1;\n" },
      ],
      readBase,
    );
    expect(result).toEqual({
      ok: true,
      files: [
        {
          path: "src/cart.js",
          before: base["src/cart.js"]?.content,
          after: "export function total(a, d) {\n  return Math.max(0, a - d);\n}\n",
          mode: "100644",
        },
        { path: "bin/run", before: base["bin/run"]?.content, after: "#!/bin/sh\necho ran\n", mode: "100755" },
        { path: "src/new.js", before: undefined, after: "export const x = 1;\n", mode: "100644" },
      ],
    });
  });

  it("applies successive edits of one file in order", async () => {
    const result = await applyEdits(
      [
        { path: "src/cart.js", search: "a - d", replace: "a - d - 1" },
        { path: "src/cart.js", search: "d - 1", replace: "d - 2" },
      ],
      readBase,
    );
    expect(result.ok && result.files[0]?.after).toContain("return a - d - 2;");
  });

  it("translates edits to a file's CRLF line endings", async () => {
    const result = await applyEdits([{ path: "crlf.txt", search: "two\n", replace: "three\n" }], readBase);
    expect(result.ok && result.files[0]?.after).toBe("one\r\nthree\r\n");
  });

  it("refuses the whole patch, listing every problem, when any edit is malformed", async () => {
    const result = await applyEdits(
      [
        { path: "src/cart.js", search: "  return a - d;\n", replace: "  return 0;\n" },
        { path: "src/cart.js", search: "not in the file", replace: "x" },
        { path: "dup.js", search: "x = 1;", replace: "x = 2;" },
        { path: "../outside.js", search: "", replace: "x" },
        { path: ".git/hooks/pre-commit", search: "", replace: "x" },
        { path: "link.js", search: "a", replace: "b" },
        { path: "src/cart.js", search: "export", replace: "export" },
        { path: "missing.js", search: "a", replace: "b" },
        { path: "src/cart.js", search: "", replace: "overwrite" },
      ],
      readBase,
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(8);
    expect(problems.join("\n")).toMatch(/does not occur/);
    expect(problems.join("\n")).toMatch(/more than once/);
    expect(problems.join("\n")).toMatch(/inside \.git/);
    expect(problems.join("\n")).toMatch(/symlink or submodule/);
    expect(problems.join("\n")).toMatch(/identical/);
    expect(problems.join("\n")).toMatch(/does not exist/);
    expect(problems.join("\n")).toMatch(/already exists/);
  });

  it("refuses an empty patch and one with too many edits", async () => {
    expect((await applyEdits([], readBase)).ok).toBe(false);
    const many = Array.from({ length: 17 }, (_, i) => ({ path: `f${i}.js`, search: "", replace: "x" }));
    expect(await applyEdits(many, readBase)).toEqual({
      ok: false,
      problems: ["the patch has 17 edits; at most 16 are accepted"],
    });
  });
});

describe("parseSearchReplaceBlocks", () => {
  it("parses blocks with exact text, including empty search (new file) and blank lines", () => {
    const text = [
      "src/cart.js",
      "<<<<<<< SEARCH",
      "  return a - d;",
      "=======",
      "  return Math.max(0, a - d);",
      ">>>>>>> REPLACE",
      "",
      "src/new.js",
      "<<<<<<< SEARCH",
      "=======",
      "export const x = 1;",
      ">>>>>>> REPLACE",
    ].join("\n");
    expect(parseSearchReplaceBlocks(text)).toEqual([
      { path: "src/cart.js", search: "  return a - d;\n", replace: "  return Math.max(0, a - d);\n" },
      { path: "src/new.js", search: "", replace: "export const x = 1;\n" },
    ]);
  });

  it("rejects text that is not exactly the format, naming the line", () => {
    const cases: [string, number][] = [
      ["Here is the fix:\nsrc/a.js\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE", 2],
      ["src/a.js\n<<<<<<< SEARCH\nx\n=======\ny", 4],
      ["src/a.js\n<<<<<<< SEARCH\nx\n>>>>>>> REPLACE", 2],
      ["<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE", 1],
      ["", 1],
    ];
    for (const [text, line] of cases) {
      const error = (() => {
        try {
          parseSearchReplaceBlocks(text);
          return undefined;
        } catch (e) {
          return e;
        }
      })();
      expect(error, text).toBeInstanceOf(PatchFormatError);
      expect((error as PatchFormatError).line, text).toBe(line);
    }
  });
});

function testFile(path: string, before: string, after: string): PatchedFile {
  return { path, before, after, mode: "100644" };
}

const jsTest = `test("total", () => {\n  assert.equal(total([1]), 1);\n});\n\ntest("count", () => {\n  assert.equal(count([1]), 1);\n});\n`;

describe("detectTestWeakening", () => {
  it("accepts changes to source files and tests that only add", () => {
    expect(
      detectTestWeakening([
        testFile("src/cart.js", "a", "b"),
        testFile("test/cart.test.js", jsTest, `${jsTest}\ntest("more", () => {\n  assert.ok(true);\n});\n`),
      ]),
    ).toEqual([]);
  });

  it("flags deleted and emptied test files", () => {
    expect(
      detectTestWeakening(
        [testFile("tests/test_cart.py", "def test_a():\n    assert 1\n", "")],
        ["test/old.test.js", "src/a.js"],
      ),
    ).toEqual(["test/old.test.js: deletes a test file", "tests/test_cart.py: empties a test file"]);
  });

  it("flags skips and .only in every supported framework", () => {
    // Built from parts so repository scans for focused or skipped tests do not mistake this data for one.
    const focus = (modifier: "skip" | "only", name: string): string => `test.${modifier}("${name}"`;
    const cases: [string, string, string][] = [
      ["test/cart.test.js", jsTest, jsTest.replace('test("count"', focus("skip", "count"))],
      ["test/cart.test.js", jsTest, jsTest.replace('test("count"', 'test("count", { skip: true }')],
      ["test/cart.test.js", jsTest, jsTest.replace('test("total"', focus("only", "total"))],
      ["spec/cart.spec.ts", 'it("a", () => {});\n', 'xit("a", () => {});\n'],
      [
        "tests/test_cart.py",
        "def test_a():\n    assert 1\n",
        "@pytest.mark.skip\ndef test_a():\n    assert 1\n",
      ],
      [
        "cart_test.go",
        "func TestA(t *testing.T) {\n}\n",
        'func TestA(t *testing.T) {\n\tt.Skip("later")\n}\n',
      ],
      ["tests/cart.rs", "#[test]\nfn a() {}\n", "#[test]\n#[ignore]\nfn a() {}\n"],
    ];
    for (const [path, before, after] of cases) {
      expect(
        detectTestWeakening([testFile(path, before, after)]).length,
        `${path}: ${after}`,
      ).toBeGreaterThan(0);
    }
  });

  it("flags removed or changed assertions and removed test cases", () => {
    const changedExpectation = jsTest.replace("assert.equal(total([1]), 1)", "assert.equal(total([1]), 2)");
    expect(detectTestWeakening([testFile("test/cart.test.js", jsTest, changedExpectation)])).toEqual([
      "test/cart.test.js: removes or changes an assertion (`assert.equal(total([1]), 1);`)",
    ]);
    const removedCase = jsTest.slice(0, jsTest.indexOf('\ntest("count"'));
    expect(detectTestWeakening([testFile("test/cart.test.js", jsTest, removedCase)]).join("\n")).toMatch(
      /removes or changes a test case/,
    );
  });
});

describe("detectTestSetupChange", () => {
  it("flags edits to CI, runner configuration and package.json scripts, not other package.json fields", () => {
    const pkg = JSON.stringify({ name: "a", scripts: { test: "node --test" } });
    expect(
      detectTestSetupChange([
        testFile(".github/quorum.yml", "", "verify:\n  command: true\n"),
        testFile("pytest.ini", "[pytest]\n", "[pytest]\naddopts = -k nothing\n"),
        testFile("package.json", pkg, JSON.stringify({ name: "a", scripts: { test: "exit 0" } })),
        testFile("sub/package.json", pkg, JSON.stringify({ name: "b", scripts: { test: "node --test" } })),
      ]),
    ).toEqual([
      ".github/quorum.yml: changes CI or Quorum configuration",
      "pytest.ini: changes the test runner's configuration",
      "package.json: changes the scripts",
    ]);
  });
});

describe("line diffs", () => {
  it("formats a unified diff and counts changed lines", () => {
    const before = "a\nb\nc\nd\ne\nf\ng\nh\n";
    const after = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";
    expect(countChangedLines(before, after)).toBe(3);
    expect(formatUnifiedDiff("x.txt", before, after)).toBe(
      [
        "--- a/x.txt",
        "+++ b/x.txt",
        "@@ -1,8 +1,9 @@",
        " a",
        " b",
        " c",
        "-d",
        "+D",
        " e",
        " f",
        " g",
        " h",
        "+i",
      ].join("\n"),
    );
    expect(formatUnifiedDiff("new.txt", undefined, "x\n")).toBe(
      ["--- /dev/null", "+++ b/new.txt", "@@ -0,0 +1,1 @@", "+x"].join("\n"),
    );
  });
});
