import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildDiffLineMap, parseUnifiedDiff } from "../../src/diff/index.ts";
import type { ChangedFile } from "../../src/domain/index.ts";

function fixtureFiles(name: string): ChangedFile[] {
  return parseUnifiedDiff(readFileSync(new URL(`../../fixtures/diffs/${name}`, import.meta.url), "utf8"));
}

function file(overrides: Partial<ChangedFile>): ChangedFile {
  return { path: "src/a.ts", status: "modified", additions: 0, deletions: 0, ...overrides };
}

describe("buildDiffLineMap", () => {
  it("makes added and context lines commentable, removed lines not", () => {
    const map = buildDiffLineMap(file({ patch: "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c" }));
    expect(map.commentableLines()).toEqual([1, 2, 3]);
    expect(map.addedLines()).toEqual([2]);
    expect(map.isAdded(1)).toBe(false);
    expect(map.isCommentable(4)).toBe(false);
  });

  it("excludes lines between hunks of a multi-hunk patch", () => {
    const [multi] = fixtureFiles("modified-multi-hunk.diff");
    const map = buildDiffLineMap(multi!);
    expect(map.isCommentable(9)).toBe(true);
    expect(map.isCommentable(10)).toBe(false);
    expect(map.isCommentable(27)).toBe(false);
    expect(map.isCommentable(28)).toBe(true);
    expect(map.isCommentable(41)).toBe(true);
    expect(map.isCommentable(42)).toBe(false);
    expect(map.addedLines()).toEqual([3, 6, 36, 41]);
  });

  it("allows every line of an added file", () => {
    const [added] = fixtureFiles("added-file.diff");
    expect(buildDiffLineMap(added!).commentableLines()).toEqual([1, 2]);
  });

  it("has no commentable lines in a deleted file", () => {
    const [deleted] = fixtureFiles("deleted-file.diff");
    expect(deleted?.patch).toBeDefined();
    expect(buildDiffLineMap(deleted!).commentableLines()).toEqual([]);
  });

  it("has no commentable lines in a pure rename", () => {
    const [renamed] = fixtureFiles("renamed-without-changes.diff");
    expect(buildDiffLineMap(renamed!).commentableLines()).toEqual([]);
  });

  it("maps a renamed file with changes onto its new path and numbers", () => {
    const [renamed] = fixtureFiles("renamed-with-changes.diff");
    const map = buildDiffLineMap(renamed!);
    expect(map.path).toBe("lib-moved.ts");
    expect(map.commentableLines()).toEqual([3, 4, 5, 6, 7]);
    expect(map.addedLines()).toEqual([6]);
  });

  it("has no commentable lines in binary files", () => {
    for (const binary of [...fixtureFiles("binary-files.diff"), ...fixtureFiles("binary-git-patch.diff")]) {
      expect(buildDiffLineMap(binary).commentableLines()).toEqual([]);
    }
  });

  it("is not shifted by '\\ No newline at end of file'", () => {
    const [grown, edited] = fixtureFiles("no-newline-at-end-of-file.diff");
    expect(buildDiffLineMap(grown!).addedLines()).toEqual([1, 2]);
    const map = buildDiffLineMap(edited!);
    expect(map.commentableLines()).toEqual([1, 2, 3]);
    expect(map.addedLines()).toEqual([2]);
  });
});
