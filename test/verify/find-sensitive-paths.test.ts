import { describe, expect, it } from "vitest";
import { findSensitivePaths, planTestFilePath, SensitivePathError } from "../../src/verify/index.ts";

const tree = [
  { path: "src/cart.js", mode: "100644" },
  { path: "bin/run", mode: "100755" },
  { path: "vendor-link", mode: "120000" },
  { path: "src/current.js", mode: "120000" },
  { path: "libs/shared", mode: "160000" },
];

describe("findSensitivePaths", () => {
  it("lets ordinary files, new ones included, be changed", () => {
    expect(findSensitivePaths(["src/cart.js", "bin/run", "test/new.test.js", "docs/guide.md"], tree)).toEqual(
      [],
    );
    // Names that merely look alike are not the sensitive ones.
    expect(
      findSensitivePaths(["src/.github-notes.md", "docs/github/ci.md", "src/CODEOWNERS.js", ".gitignore"]),
    ).toEqual([]);
  });

  it("refuses CI, CODEOWNERS and Quorum's own configuration, whatever the case", () => {
    const refused = findSensitivePaths([
      ".github/workflows/ci.yml",
      ".github/quorum.yml",
      ".github/CODEOWNERS",
      "CODEOWNERS",
      "docs/CODEOWNERS",
      ".GitHub/workflows/release.yml",
      ".gitlab-ci.yml",
      ".circleci/config.yml",
      "Jenkinsfile",
    ]);
    expect(refused.map((error) => error.kind)).toEqual(Array(9).fill("ci-or-configuration"));
    expect(refused[0]).toBeInstanceOf(SensitivePathError);
    expect(refused[0]?.message).toBe(
      ".github/workflows/ci.yml: Quorum never changes CI, CODEOWNERS or its own configuration",
    );
    expect(refused[0]?.path).toBe(".github/workflows/ci.yml");
  });

  it("refuses git's own files, paths escaping the repository, and links or anything below one", () => {
    const refused = findSensitivePaths(
      [
        ".git/hooks/pre-commit",
        "sub/.GIT/config",
        ".gitmodules",
        "../outside.js",
        "/etc/passwd",
        "src/../../x.js",
        "src\\cart.js",
        "line\nbreak.js",
        "vendor-link/evil.js",
        "src/current.js",
        "libs/shared/index.js",
      ],
      tree,
    );
    expect(refused.map((error) => [error.path, error.kind])).toEqual([
      [".git/hooks/pre-commit", "git"],
      ["sub/.GIT/config", "git"],
      [".gitmodules", "git"],
      ["../outside.js", "outside-repository"],
      ["/etc/passwd", "outside-repository"],
      ["src/../../x.js", "outside-repository"],
      ["src\\cart.js", "outside-repository"],
      ["line\nbreak.js", "outside-repository"],
      ["vendor-link/evil.js", "link"],
      ["src/current.js", "link"],
      ["libs/shared/index.js", "link"],
    ]);
    expect(refused[7]?.message).toBe(
      '"line\\nbreak.js": Quorum changes only plain relative paths inside the repository',
    );
    expect(refused[8]?.message).toBe(
      "vendor-link/evil.js: vendor-link is a symlink or submodule in the repository; Quorum never writes through one",
    );
  });

  it("names each path once, however many edits touch it", () => {
    expect(findSensitivePaths([".github/quorum.yml", ".github/quorum.yml"])).toHaveLength(1);
  });
});

describe("planTestFilePath and sensitive folders", () => {
  it("never follows tests kept under .github, but a Go test next to a source there is refused", () => {
    const existing = [".github/scripts/test/a.test.js", ".github/scripts/test/b.test.js", "src/cart.js"];
    expect(planTestFilePath("node-test", existing, "cart")).toBe("test/quorum-cart.test.js");
    const goTest = planTestFilePath(
      "go",
      ["go.mod", ".github/tools/check.go"],
      "check",
      ".github/tools/check.go",
    );
    expect(goTest).toBe(".github/tools/quorum_check_test.go");
    expect(findSensitivePaths([goTest]).map((error) => error.message)).toEqual([
      ".github/tools/quorum_check_test.go: Quorum never changes CI, CODEOWNERS or its own configuration",
    ]);
  });
});
