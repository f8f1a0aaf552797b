import { describe, expect, it } from "vitest";
import { clipPatch } from "../../src/plan/index.ts";

const byChars = (text: string): number => text.length;

describe("clipPatch", () => {
  const patch = ["@@ -1,3 +1,4 @@ intro", " a", "-b", "+B", "+C", " d", "@@ -20,2 +21,2 @@", "-x", "+y"].join(
    "\n",
  );

  it("returns a patch that fits unchanged", () => {
    expect(clipPatch(patch, 1000, byChars)).toEqual({ patch, keptLines: 9, totalLines: 9 });
  });

  it("keeps the beginning and rewrites the cut hunk's header to the lines kept", () => {
    const clipped = clipPatch(patch, 30, byChars)!;
    expect(clipped.patch.length).toBeLessThanOrEqual(30);
    expect(clipped.patch).toBe(["@@ -1,2 +1,2 @@ intro", " a", "-b", "+B"].join("\n"));
    expect(clipped.keptLines).toBe(4);
    expect(clipped.totalLines).toBe(9);
  });

  it("does not end on a hunk header with nothing under it", () => {
    const clipped = clipPatch(patch, patch.indexOf("-x") - 1, byChars)!;
    expect(clipped.patch.split("\n").at(-1)).toBe(" d");
  });

  it("gives up when not even one changed line fits", () => {
    expect(clipPatch(patch, 10, byChars)).toBeUndefined();
  });
});
