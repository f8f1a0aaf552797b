import { describe, expect, it } from "vitest";
import { detectTestCommand, planTestFilePath, type TreeFile } from "../../src/verify/index.ts";

function tree(files: Record<string, string>): {
  files: TreeFile[];
  read: (path: string) => Promise<string | undefined>;
} {
  return {
    files: Object.entries(files).map(([path, content]) => ({ path, mode: "100644", size: content.length })),
    read: (path) => Promise.resolve(files[path]),
  };
}

describe("detectTestCommand", () => {
  it("prefers the repository's configured command, run by a shell, with a one-file variant", async () => {
    const { files, read } = tree({ "package.json": JSON.stringify({ scripts: { test: "vitest run" } }) });
    const command = await detectTestCommand(files, read, {
      command: "npm run test:unit",
      testFileCommand: "npx vitest run {file}",
    });
    expect(command).toMatchObject({
      argv: ["sh", "-c", "npm run test:unit"],
      source: "config",
      framework: "vitest",
      display: "npm run test:unit",
    });
    expect(command?.fileArgv?.("test/it's.test.ts")).toEqual([
      "sh",
      "-c",
      "npx vitest run 'test/it'\\''s.test.ts'",
    ]);
  });

  it("detects npm test and the JavaScript framework from the test script", async () => {
    const cases: [string, string, string[] | undefined][] = [
      ["node --test", "node-test", ["node", "--test", "t.js"]],
      ["vitest run", "vitest", ["npx", "--no-install", "vitest", "run", "t.js"]],
      ["jest --ci", "jest", ["npx", "--no-install", "jest", "t.js"]],
      ["mocha", "mocha", ["npx", "--no-install", "mocha", "t.js"]],
      ["./run-tests.sh", "unknown", undefined],
    ];
    for (const [script, framework, fileArgv] of cases) {
      const { files, read } = tree({ "package.json": JSON.stringify({ scripts: { test: script } }) });
      const command = await detectTestCommand(files, read);
      expect(command?.argv, script).toEqual(["npm", "test"]);
      expect(command?.framework, script).toBe(framework);
      expect(command?.fileArgv?.("t.js"), script).toEqual(fileArgv);
    }
  });

  it("ignores npm init's placeholder and falls back to other ecosystems, then make", async () => {
    const placeholder = JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } });
    expect(
      (await detectTestCommand(...args({ "package.json": placeholder, "tests/test_a.py": "" })))?.display,
    ).toBe("python3 -m pytest -q");
    expect(
      (await detectTestCommand(...args({ "go.mod": "module x", "a/b_test.go": "" })))?.fileArgv?.(
        "a/b_test.go",
      ),
    ).toEqual(["go", "test", "./a"]);
    const cargo = await detectTestCommand(...args({ "Cargo.toml": "" }));
    expect(cargo?.display).toBe("cargo test --offline");
    // An integration test file is a target of its own; a unit test inside a source file is not.
    expect(cargo?.fileArgv?.("tests/quorum_cart.rs")).toEqual([
      "cargo",
      "test",
      "--offline",
      "--test",
      "quorum_cart",
    ]);
    expect(cargo?.fileArgv?.("src/lib.rs")).toBeUndefined();
    expect(
      (await detectTestCommand(...args({ Makefile: "build:\n\ttrue\ntest:\n\t./t.sh\n" })))?.display,
    ).toBe("make test");
    expect(
      await detectTestCommand(...args({ Makefile: "build:\n\ttrue\n", "README.md": "" })),
    ).toBeUndefined();
  });
});

function args(files: Record<string, string>): [TreeFile[], (path: string) => Promise<string | undefined>] {
  const t = tree(files);
  return [t.files, t.read];
}

describe("planTestFilePath", () => {
  it("follows the repository's test folder and naming, never an existing file", () => {
    const existing = [
      "src/cart.js",
      "test/cart.test.mjs",
      "test/other.test.mjs",
      "test/quorum-issue-7.test.mjs",
    ];
    expect(planTestFilePath("node-test", existing, "issue-7")).toBe("test/quorum-issue-7-2.test.mjs");
    expect(planTestFilePath("vitest", ["src/a.ts", "src/a.spec.ts"], "Issue 9: crash!")).toBe(
      "src/quorum-issue-9-crash.spec.ts",
    );
    expect(planTestFilePath("node-test", ["src/a.js"], "x")).toBe("test/quorum-x.test.js");
    expect(planTestFilePath("pytest", ["pkg/a.py", "tests/test_a.py"], "issue-3")).toBe(
      "tests/test_quorum_issue_3.py",
    );
    expect(planTestFilePath("go", ["go.mod", "cart/cart.go"], "issue-3", "cart/cart.go")).toBe(
      "cart/quorum_issue_3_test.go",
    );
    expect(planTestFilePath("cargo", [], "issue-3")).toBe("tests/quorum_issue_3.rs");
  });
});
