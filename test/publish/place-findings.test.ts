import { describe, expect, it } from "vitest";
import type { ChangedFile } from "../../src/domain/index.ts";
import { placeFindings } from "../../src/publish/index.ts";
import { fusedFinding } from "./finding-fixture.ts";

const files: ChangedFile[] = [
  {
    path: "src/a.ts",
    status: "modified",
    additions: 1,
    deletions: 1,
    patch: "@@ -1,3 +1,3 @@\n keep\n-old\n+new\n tail\n@@ -40,2 +40,2 @@\n x\n-y\n+z",
  },
  { path: "src/gone.ts", status: "removed", additions: 0, deletions: 2, patch: "@@ -1,2 +0,0 @@\n-a\n-b" },
  { path: "logo.png", status: "modified", additions: 0, deletions: 0 },
];

const render = (finding: { message: string }): string => `**Bug**: ${finding.message}`;

describe("placeFindings", () => {
  it("puts findings on added and context lines inline, on the RIGHT side, with the rendered body", () => {
    const onAdded = fusedFinding({ line: 2 });
    const onContext = fusedFinding({ line: 3, message: "context line" });
    const { inline, outsideDiff } = placeFindings([onAdded, onContext], files, render);
    expect(outsideDiff).toEqual([]);
    expect(inline).toEqual([
      {
        path: "src/a.ts",
        line: 2,
        side: "RIGHT",
        body: "**Bug**: Possible null dereference",
        finding: onAdded,
      },
      { path: "src/a.ts", line: 3, side: "RIGHT", body: "**Bug**: context line", finding: onContext },
    ]);
  });

  it("sends findings outside the diff to the summary, in order", () => {
    const betweenHunks = fusedFinding({ line: 20 });
    const pastEnd = fusedFinding({ line: 99 });
    const notInChange = fusedFinding({ path: "src/untouched.ts" });
    const removedFile = fusedFinding({ path: "src/gone.ts", line: 1 });
    const binary = fusedFinding({ path: "logo.png", line: 1 });
    const secondHunk = fusedFinding({ line: 41 });
    const { inline, outsideDiff } = placeFindings(
      [betweenHunks, pastEnd, notInChange, secondHunk, removedFile, binary],
      files,
      render,
    );
    expect(inline.map((comment) => comment.finding)).toEqual([secondHunk]);
    expect(outsideDiff).toEqual([betweenHunks, pastEnd, notInChange, removedFile, binary]);
  });

  it("does not match a finding on a file's old path after a rename", () => {
    const renamed: ChangedFile = {
      path: "lib/new.ts",
      previousPath: "src/old.ts",
      status: "renamed",
      additions: 1,
      deletions: 0,
      patch: "@@ -1 +1,2 @@\n a\n+b",
    };
    const { inline, outsideDiff } = placeFindings(
      [fusedFinding({ path: "src/old.ts", line: 2 }), fusedFinding({ path: "lib/new.ts", line: 2 })],
      [renamed],
      render,
    );
    expect(inline.map((comment) => comment.path)).toEqual(["lib/new.ts"]);
    expect(outsideDiff.map((finding) => finding.path)).toEqual(["src/old.ts"]);
  });
});
