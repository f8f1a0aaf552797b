import { describe, expect, it } from "vitest";
import { measureSimilarity, stemWord, tokenizeMessage } from "../../src/fuse/index.ts";

describe("tokenizeMessage", () => {
  it("drops filler, splits identifiers, merges synonyms and stems, as a sorted set", () => {
    expect(tokenizeMessage("Potential issue: getUserName() may return undefined, causing a crash")).toEqual([
      "crash",
      "get",
      "getusernam",
      "nam",
      "null",
      "return",
      "user",
    ]);
    expect(tokenizeMessage("Possible NPE on line 42")).toEqual(["null"]);
  });

  it("gives inflections of one word the same stem", () => {
    const stems = ["dereference", "dereferenced", "dereferences", "dereferencing"].map(stemWord);
    expect(new Set(stems).size).toBe(1);
    expect(stemWord("closed")).toBe(stemWord("closing"));
    expect(stemWord("class")).toBe("class");
  });
});

describe("measureSimilarity", () => {
  it("is 1 for the same words, 0 for none shared or empty sets, and symmetric", () => {
    const a = tokenizeMessage("Null dereference of user");
    const b = tokenizeMessage("user may be nil and is dereferenced");
    expect(measureSimilarity(a, a)).toBe(1);
    expect(measureSimilarity(a, b)).toBe(1);
    expect(measureSimilarity(a, tokenizeMessage("SQL injection via concatenation"))).toBe(0);
    expect(measureSimilarity([], [])).toBe(0);
    const c = tokenizeMessage("user lookup is slow");
    expect(measureSimilarity(a, c)).toBe(measureSimilarity(c, a));
    expect(measureSimilarity(a, c)).toBeGreaterThan(0);
    expect(measureSimilarity(a, c)).toBeLessThan(1);
  });
});
