import { describe, expect, it } from "vitest";
import { DiffParseError, parsePatch } from "../../src/diff/index.ts";

describe("parsePatch", () => {
  it("numbers added, removed and context lines on their own sides", () => {
    const [hunk] = parsePatch("@@ -10,3 +10,3 @@ function f() {\n a\n-b\n+B\n c");
    expect(hunk?.heading).toBe("function f() {");
    expect(hunk?.lines).toEqual([
      { kind: "context", oldLine: 10, newLine: 10, text: "a" },
      { kind: "del", oldLine: 11, text: "b" },
      { kind: "add", newLine: 11, text: "B" },
      { kind: "context", oldLine: 12, newLine: 12, text: "c" },
    ]);
  });

  it("reads omitted hunk counts as 1", () => {
    const [hunk] = parsePatch("@@ -1 +1 @@\n-old\n+new");
    expect(hunk).toMatchObject({ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1 });
    expect(hunk?.lines.map((line) => line.kind)).toEqual(["del", "add"]);
  });

  it("does not count '\\ No newline at end of file' as a line", () => {
    const [hunk] = parsePatch(
      "@@ -1,2 +1,3 @@\n keep\n-last\n\\ No newline at end of file\n+last\n+extra\n\\ No newline at end of file",
    );
    expect(hunk?.lines).toEqual([
      { kind: "context", oldLine: 1, newLine: 1, text: "keep" },
      { kind: "del", oldLine: 2, text: "last" },
      { kind: "add", newLine: 2, text: "last" },
      { kind: "add", newLine: 3, text: "extra" },
    ]);
  });

  it("treats an empty row inside a hunk as an empty context line", () => {
    const [hunk] = parsePatch("@@ -1,3 +1,4 @@\n a\n\n+b\n c\n");
    expect(hunk?.lines).toEqual([
      { kind: "context", oldLine: 1, newLine: 1, text: "a" },
      { kind: "context", oldLine: 2, newLine: 2, text: "" },
      { kind: "add", newLine: 3, text: "b" },
      { kind: "context", oldLine: 3, newLine: 4, text: "c" },
    ]);
  });

  it("keeps numbering per hunk across several hunks", () => {
    const hunks = parsePatch("@@ -1,2 +1,3 @@\n a\n+x\n b\n@@ -20,2 +21,1 @@\n-y\n z");
    expect(hunks).toHaveLength(2);
    expect(hunks[1]?.lines).toEqual([
      { kind: "del", oldLine: 20, text: "y" },
      { kind: "context", oldLine: 21, newLine: 21, text: "z" },
    ]);
  });

  it("ignores rows past the counts a hunk announced", () => {
    const [hunk] = parsePatch("@@ -1 +1 @@\n-a\n+b\n-- \n2.43.0\n");
    expect(hunk?.lines).toHaveLength(2);
  });

  it("numbers a new file from line 1", () => {
    const [hunk] = parsePatch("@@ -0,0 +1,2 @@\n+one\n+two");
    expect(hunk?.lines.map((line) => line.newLine)).toEqual([1, 2]);
  });

  it("returns no hunks for an empty patch", () => {
    expect(parsePatch("")).toEqual([]);
  });

  it("rejects a malformed hunk header with a typed error", () => {
    expect(() => parsePatch(" a\n@@ nonsense @@\n+b")).toThrow(DiffParseError);
    try {
      parsePatch(" a\n@@ nonsense @@\n+b");
    } catch (error) {
      expect(error).toBeInstanceOf(DiffParseError);
      expect((error as DiffParseError).lineNumber).toBe(2);
    }
  });
});
