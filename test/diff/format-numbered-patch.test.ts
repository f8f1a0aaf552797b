import { describe, expect, it } from "vitest";
import { formatNumberedPatch } from "../../src/diff/index.ts";

describe("formatNumberedPatch", () => {
  it("prefixes new-file numbers on added and context lines and leaves removed lines blank", () => {
    const text = formatNumberedPatch({
      path: "src/a.ts",
      status: "modified",
      additions: 1,
      deletions: 1,
      patch:
        "@@ -11,3 +11,3 @@ function f() {\n   const a = 1;\n-  foo();\n+  bar();\n \n\\ No newline at end of file",
    });
    expect(text).toBe(
      [
        "File: src/a.ts (modified)",
        "     @@ -11,3 +11,3 @@ function f() {",
        "  11     const a = 1;",
        "     -   foo();",
        "  12 +   bar();",
        "  13",
      ].join("\n"),
    );
  });

  it("widens the number column for long files", () => {
    const text = formatNumberedPatch({
      path: "big.ts",
      status: "modified",
      additions: 1,
      deletions: 0,
      patch: "@@ -12344,1 +12344,2 @@\n x\n+y",
    });
    expect(text.split("\n").slice(2)).toEqual(["12344   x", "12345 + y"]);
  });

  it("names the previous path of a renamed file", () => {
    const text = formatNumberedPatch({
      path: "lib/new.ts",
      previousPath: "src/old.ts",
      status: "renamed",
      additions: 1,
      deletions: 0,
      patch: "@@ -1 +1,2 @@\n a\n+b",
    });
    expect(text.split("\n")[0]).toBe("File: lib/new.ts (renamed from src/old.ts)");
  });

  it("says so when a file has no textual diff", () => {
    const text = formatNumberedPatch({ path: "logo.png", status: "modified", additions: 0, deletions: 0 });
    expect(text).toBe(
      "File: logo.png (modified)\n(no textual diff: binary, too large, or unchanged content)",
    );
  });
});
