import { describe, expect, it } from "vitest";
import { matchGlob } from "../../src/plan/index.ts";

describe("matchGlob", () => {
  it("matches a slash-less pattern against the file name in any folder", () => {
    expect(matchGlob("*.lock", "Cargo.lock")).toBe(true);
    expect(matchGlob("*.lock", "services/api/Gemfile.lock")).toBe(true);
    expect(matchGlob("package-lock.json", "apps/web/package-lock.json")).toBe(true);
    expect(matchGlob("*.lock", "src/lock.ts")).toBe(false);
  });

  it("keeps * and ? inside one path segment", () => {
    expect(matchGlob("src/*.ts", "src/a.ts")).toBe(true);
    expect(matchGlob("src/*.ts", "src/deep/a.ts")).toBe(false);
    expect(matchGlob("src/?.ts", "src/a.ts")).toBe(true);
    expect(matchGlob("src/?.ts", "src/ab.ts")).toBe(false);
  });

  it("lets ** cross folders, including none", () => {
    expect(matchGlob("dist/**", "dist/a/b.js")).toBe(true);
    expect(matchGlob("dist/**", "src/dist/b.js")).toBe(false);
    expect(matchGlob("**/dist/**", "dist/b.js")).toBe(true);
    expect(matchGlob("**/dist/**", "packages/x/dist/b.js")).toBe(true);
    expect(matchGlob("src/**/*.gen.ts", "src/a.gen.ts")).toBe(true);
    expect(matchGlob("src/**/*.gen.ts", "src/x/y/a.gen.ts")).toBe(true);
  });

  it("treats regex characters literally and anchors a leading slash to the root", () => {
    expect(matchGlob("a+b(1).txt", "a+b(1).txt")).toBe(true);
    expect(matchGlob("*.min.js", "appxminxjs")).toBe(false);
    expect(matchGlob("/Makefile", "Makefile")).toBe(true);
    expect(matchGlob("/Makefile", "sub/Makefile")).toBe(false);
  });
});
