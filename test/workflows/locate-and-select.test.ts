import { describe, expect, it } from "vitest";
import type { TreeFile } from "../../src/verify/index.ts";
import {
  extractMentions,
  locateRelevantFiles,
  patchEquivalenceKey,
  selectCandidate,
} from "../../src/workflows/index.ts";

const repo: Record<string, string> = {
  "src/cart.js": "export function total(items, discount) {\n  return sum(items) - discount;\n}\n",
  "src/money.js": "export function sum(items) {\n  return items.reduce((a, i) => a + i.price, 0);\n}\n",
  "src/users/profile.py": "def render_profile(user):\n    return user.name\n",
  "src/big.js": `export const data = "${"x".repeat(5000)}";\n`,
  "test/cart.test.js": 'import { total } from "../src/cart.js";\n',
  "node_modules/lib/index.js": "export function total() {}\n",
  "README.md": "# shop\n",
};
const files: TreeFile[] = Object.entries(repo).map(([path, content]) => ({
  path,
  mode: "100644",
  size: content.length,
}));
const readFile = (path: string): Promise<string | undefined> => Promise.resolve(repo[path]);

describe("extractMentions", () => {
  it("finds paths, stack-trace frames and identifiers in issue text", () => {
    const text = [
      "`render_profile` crashes since v1.2.3:",
      "    at renderProfile (src/users/profile.js:10:5)",
      '  File "src/users/profile.py", line 2, in render_profile',
      "See cart.js too, e.g. when getTotalPrice is called.",
    ].join("\n");
    const { paths, identifiers } = extractMentions(text);
    expect([...paths]).toEqual(
      expect.arrayContaining(["src/users/profile.js", "src/users/profile.py", "cart.js"]),
    );
    expect([...paths]).not.toContain("1.2.3");
    expect([...identifiers]).toEqual(
      expect.arrayContaining(["render_profile", "renderProfile", "getTotalPrice"]),
    );
  });
});

describe("locateRelevantFiles", () => {
  it("ranks the file a stack trace names first, then files defining mentioned symbols", async () => {
    const located = await locateRelevantFiles({
      text: 'Crash in render_profile:\n  File "src/users/profile.py", line 2, in render_profile',
      files,
      readFile,
      budgetChars: 10_000,
    });
    expect(located.sources[0]?.path).toBe("src/users/profile.py");
    expect(located.sources[0]?.reasons).toEqual(
      expect.arrayContaining(["named in the issue", "defines render_profile"]),
    );
  });

  it("finds the definition of a mentioned function, skipping vendored code, and picks the test that uses it", async () => {
    const located = await locateRelevantFiles({
      text: "`total` goes negative with a big discount",
      files,
      readFile,
      budgetChars: 10_000,
    });
    expect(located.sources.map((f) => f.path)).toEqual(["src/cart.js"]);
    expect(located.relatedTest?.path).toBe("test/cart.test.js");
  });

  it("stays within the character budget and lists what it left out", async () => {
    const located = await locateRelevantFiles({
      text: "`data` in big.js and `total` in cart.js",
      files,
      readFile,
      budgetChars: 1000,
    });
    expect(located.sources.map((f) => f.path)).toEqual(["src/cart.js"]);
    expect(located.leftOut).toContain("src/big.js");
  });
});

describe("selectCandidate", () => {
  it("prefers agreement, then the smallest diff, then the earliest", () => {
    expect(
      selectCandidate([
        { id: 1, support: 1, changedLines: 2 },
        { id: 2, support: 2, changedLines: 9 },
      ])?.id,
    ).toBe(2);
    expect(
      selectCandidate([
        { id: 1, support: 1, changedLines: 9 },
        { id: 2, support: 1, changedLines: 2 },
      ])?.id,
    ).toBe(2);
    expect(
      selectCandidate([
        { id: 3, support: 1, changedLines: 2 },
        { id: 1, support: 1, changedLines: 2 },
      ])?.id,
    ).toBe(1);
    expect(selectCandidate([])).toBeUndefined();
  });

  it("treats patches that differ only in trailing spaces or blank lines as the same", () => {
    const a = patchEquivalenceKey([{ path: "a.js", after: "x = 1;\n\ny = 2;\n" }]);
    expect(patchEquivalenceKey([{ path: "a.js", after: "x = 1;   \ny = 2;" }])).toBe(a);
    expect(patchEquivalenceKey([{ path: "a.js", after: "x = 1;\ny = 3;\n" }])).not.toBe(a);
  });
});
