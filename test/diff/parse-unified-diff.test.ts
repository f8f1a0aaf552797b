import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePatch, parseUnifiedDiff } from "../../src/diff/index.ts";

function readFixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/diffs/${name}`, import.meta.url), "utf8");
}

describe("parseUnifiedDiff", () => {
  it("reads a modified file with several hunks, patch starting at the first @@", () => {
    const files = parseUnifiedDiff(readFixture("modified-multi-hunk.diff"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ path: "src/multi.ts", status: "modified", additions: 4, deletions: 3 });
    expect(files[0]?.previousPath).toBeUndefined();
    expect(files[0]?.patch?.startsWith("@@ -1,8 +1,9 @@\n line 1")).toBe(true);
    expect(files[0]?.patch?.endsWith("+line 41 added")).toBe(true);
    expect(parsePatch(files[0]!.patch!)).toHaveLength(2);
  });

  it("reads an added file", () => {
    expect(parseUnifiedDiff(readFixture("added-file.diff"))).toEqual([
      {
        path: "src/fresh.ts",
        status: "added",
        patch: "@@ -0,0 +1,2 @@\n+added file\n+with two lines",
        additions: 2,
        deletions: 0,
      },
    ]);
  });

  it("reads a deleted file under its old path", () => {
    const [deleted] = parseUnifiedDiff(readFixture("deleted-file.diff"));
    expect(deleted).toMatchObject({ path: "src/gone.ts", status: "removed", additions: 0, deletions: 3 });
  });

  it("reads a pure rename without a patch", () => {
    expect(parseUnifiedDiff(readFixture("renamed-without-changes.diff"))).toEqual([
      {
        path: "src/new-name.ts",
        previousPath: "src/old-name.ts",
        status: "renamed",
        additions: 0,
        deletions: 0,
      },
    ]);
  });

  it("reads a rename with changes", () => {
    const [renamed] = parseUnifiedDiff(readFixture("renamed-with-changes.diff"));
    expect(renamed).toMatchObject({
      path: "lib-moved.ts",
      previousPath: "src/moved.ts",
      status: "renamed",
      additions: 1,
      deletions: 1,
    });
    expect(renamed?.patch?.startsWith("@@ -3,5 +3,5 @@ export function greet")).toBe(true);
  });

  it("reads 'Binary files … differ' as files without a patch", () => {
    expect(parseUnifiedDiff(readFixture("binary-files.diff"))).toEqual([
      { path: "assets/logo.png", status: "modified", additions: 0, deletions: 0 },
      { path: "assets/new.bin", status: "added", additions: 0, deletions: 0 },
    ]);
  });

  it("reads 'GIT binary patch' sections as files without a patch", () => {
    expect(parseUnifiedDiff(readFixture("binary-git-patch.diff"))).toEqual([
      { path: "assets/logo.png", status: "modified", additions: 0, deletions: 0 },
      { path: "assets/new.bin", status: "added", additions: 0, deletions: 0 },
    ]);
  });

  it("keeps '\\ No newline at end of file' in the patch without counting it", () => {
    const [grown, edited] = parseUnifiedDiff(readFixture("no-newline-at-end-of-file.diff"));
    expect(grown).toMatchObject({ path: "src/eof.txt", additions: 2, deletions: 1 });
    expect(grown?.patch).toContain("\\ No newline at end of file");
    expect(edited).toMatchObject({ path: "src/eof2.txt", additions: 1, deletions: 1 });
    expect(edited?.patch?.endsWith(" end\n\\ No newline at end of file")).toBe(true);
  });

  it("reads paths with spaces, UTF-8 octal escapes and escaped tabs", () => {
    const files = parseUnifiedDiff(readFixture("paths-with-spaces-and-quotes.diff"));
    expect(files.map((f) => f.path)).toEqual(["docs/my notes.md", "docs/résumé.md", "docs/tab\tname.txt"]);
    expect(files.every((f) => f.additions === 1 && f.status === "modified")).toBe(true);
  });

  it("reads a mode-only change as 'changed' without a patch", () => {
    expect(parseUnifiedDiff(readFixture("mode-change.diff"))).toEqual([
      { path: "run.sh", status: "changed", additions: 0, deletions: 0 },
    ]);
  });

  it("splits a multi-file diff into the same files as the single-case fixtures", () => {
    const mixed = parseUnifiedDiff(readFixture("mixed-changes.diff"));
    const singles = [
      "binary-files.diff",
      "paths-with-spaces-and-quotes.diff",
      "renamed-with-changes.diff",
      "mode-change.diff",
      "no-newline-at-end-of-file.diff",
      "added-file.diff",
      "deleted-file.diff",
      "modified-multi-hunk.diff",
      "renamed-without-changes.diff",
    ].flatMap((name) => parseUnifiedDiff(readFixture(name)));
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect([...mixed].sort(byPath)).toEqual([...singles].sort(byPath));
  });

  it("ignores a commit header before the first file and handles CRLF line endings", () => {
    const text =
      "commit abc\nAuthor: x\n\n    msg\n\r\ndiff --git a/x.txt b/x.txt\r\nindex 1..2 100644\r\n--- a/x.txt\r\n+++ b/x.txt\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n";
    expect(parseUnifiedDiff(text)).toEqual([
      { path: "x.txt", status: "modified", patch: "@@ -1 +1 @@\n-a\n+b", additions: 1, deletions: 1 },
    ]);
  });

  it("reads a renamed path with spaces from the rename header", () => {
    const text = [
      "diff --git a/old name.md b/new name.md",
      "similarity index 100%",
      "rename from old name.md",
      "rename to new name.md",
    ].join("\n");
    expect(parseUnifiedDiff(text)).toEqual([
      { path: "new name.md", previousPath: "old name.md", status: "renamed", additions: 0, deletions: 0 },
    ]);
  });

  it("returns nothing for empty input", () => {
    expect(parseUnifiedDiff("")).toEqual([]);
  });
});
