import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  baseReader,
  createSandbox,
  detectTestCommand,
  readSandboxSettings,
  runInWorktree,
  SensitivePathError,
  verifyPatch,
  type Sandbox,
  type TestCommand,
  type Workspace,
} from "../../src/verify/index.ts";
import { startFixtureWorkspaces, type FixtureWorkspaces } from "./fixture-workspaces.ts";
import { git } from "./git-fixture.ts";
import { silentLogger } from "./sandbox-helpers.ts";

const fixBlock = {
  path: "src/cart.js",
  search: "  return sum - discount;\n",
  replace: "  return Math.max(0, sum - discount);\n",
};
const reproducingTest = {
  path: "test/quorum-discount.test.js",
  content: [
    'import assert from "node:assert/strict";',
    'import { test } from "node:test";',
    'import { total } from "../src/cart.js";',
    "",
    'test("a discount larger than the total does not make it negative", () => {',
    "  assert.equal(total([{ price: 1, quantity: 1 }], 5), 0);",
    "});",
    "",
  ].join("\n"),
};

let harness: FixtureWorkspaces;
let sandbox: Sandbox;

beforeAll(async () => {
  harness = await startFixtureWorkspaces();
  sandbox = harness.sandbox;
});

afterAll(async () => {
  await harness.dispose();
});

async function openFixture(
  name: string,
  changes: Record<string, string> = {},
): Promise<{ workspace: Workspace; sha: string; command: TestCommand; cacheDir: string }> {
  const { workspace, cacheDir } = await harness.openRepository(name, changes);
  const sha = await workspace.fetch("main");
  const command = await detectTestCommand(await workspace.listFiles(sha), (path) =>
    workspace.readFile(sha, path),
  );
  if (command === undefined) throw new Error("no test command detected");
  return { workspace, sha, command, cacheDir };
}

describe("verifyPatch on a JavaScript repository (node --test)", () => {
  it("detects `npm test` and node:test", async () => {
    const { command } = await openFixture("cart-js");
    expect(command.display).toBe("npm test");
    expect(command.framework).toBe("node-test");
    expect(command.fileArgv?.("test/x.test.js")).toEqual(["node", "--test", "test/x.test.js"]);
  });

  it("verifies a correct fix: the reproducing test and the whole suite pass", async () => {
    const { workspace, sha, command } = await openFixture("cart-js");
    const result = await verifyPatch({
      label: "candidate 1",
      edits: [fixBlock],
      baseSha: sha,
      workspace,
      sandbox,
      testCommand: command,
      reproducingTest,
    });
    expect(result.verified).toBe(true);
    expect(result.steps.map((s) => [s.name, s.outcome])).toEqual([
      ["candidate 1: reproducing test", "passed"],
      ["candidate 1: test suite", "passed"],
    ]);
    expect(result.verified && result.changedLines).toBe(2);
    await workspace.dispose();
  });

  it("rejects a fix that passes the reproducing test but breaks another test", async () => {
    const { workspace, sha, command } = await openFixture("cart-js");
    const breaking = { ...fixBlock, replace: "  return Math.max(0, sum - discount * 2);\n" };
    const result = await verifyPatch({
      label: "candidate 1",
      edits: [breaking],
      baseSha: sha,
      workspace,
      sandbox,
      testCommand: command,
      reproducingTest,
    });
    expect(result.verified).toBe(false);
    expect(result.verified ? "" : result.reason).toBe("test suite failed with the patch applied");
    const suite = result.steps.at(-1);
    expect(suite?.outcome).toBe("failed");
    expect(suite?.outputTail).toMatch(/total subtracts the discount/);
  });

  it("rejects a 'fix' that deletes the failing test instead of fixing the code", async () => {
    const failingTest = `\ntest("a discount larger than the total does not make it negative", () => {\n  assert.equal(total([{ price: 1, quantity: 1 }], 5), 0);\n});\n`;
    const { workspace, sha, command, cacheDir } = await openFixture("cart-js", {
      "test/cart.test.js": `${(await import("node:fs")).readFileSync(join(import.meta.dirname, "../../fixtures/repos/cart-js/test/cart.test.js"), "utf8")}${failingTest}`,
    });
    const result = await verifyPatch({
      label: "candidate 1",
      edits: [{ path: "test/cart.test.js", search: failingTest, replace: "\n" }],
      baseSha: sha,
      workspace,
      sandbox,
      testCommand: command,
    });
    expect(result.verified).toBe(false);
    expect(result.verified ? "" : result.reason).toMatch(/weakens the tests/);
    expect(result.steps[0]?.problems?.join("\n")).toMatch(/removes or changes an assertion/);
    // Refused before anything ran: no worktree was ever made.
    expect(await readdir(join(cacheDir, "worktrees"))).toEqual([]);
  });

  it("rejects a malformed patch without touching any worktree", async () => {
    const { workspace, sha, command, cacheDir } = await openFixture("cart-js");
    const result = await verifyPatch({
      label: "candidate 1",
      edits: [fixBlock, { path: "src/cart.js", search: "return nothing;", replace: "return 0;" }],
      baseSha: sha,
      workspace,
      sandbox,
      testCommand: command,
    });
    expect(result.verified).toBe(false);
    expect(result.verified ? "" : result.reason).toMatch(/does not apply: edit 2 .* does not occur/);
    expect(await readdir(join(cacheDir, "worktrees"))).toEqual([]);
    expect(git(workspace.gitDir, "worktree", "list").trim().split("\n")).toHaveLength(1);
  });

  it("refuses a patch that touches CI, even beside a correct fix, before any worktree exists", async () => {
    const ci = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n";
    const { workspace, sha, command, cacheDir } = await openFixture("cart-js", {
      ".github/workflows/ci.yml": ci,
    });
    const result = await verifyPatch({
      label: "candidate 1",
      edits: [
        {
          path: ".github/workflows/ci.yml",
          search: "      - run: npm test\n",
          replace: "      - run: env\n",
        },
        fixBlock,
        { path: "CODEOWNERS", search: "", replace: "* @mallory\n" },
      ],
      baseSha: sha,
      workspace,
      sandbox,
      testCommand: command,
    });
    expect(result.verified ? "" : result.reason).toBe(
      "the patch touches .github/workflows/ci.yml: Quorum never changes CI, CODEOWNERS or its own configuration",
    );
    expect(result.steps).toEqual([
      {
        name: "candidate 1: sensitive paths",
        outcome: "refused",
        expected: "pass",
        ok: false,
        problems: [
          "patch touches .github/workflows/ci.yml: Quorum never changes CI, CODEOWNERS or its own configuration",
          "patch touches CODEOWNERS: Quorum never changes CI, CODEOWNERS or its own configuration",
        ],
      },
    ]);
    expect(await readdir(join(cacheDir, "worktrees"))).toEqual([]);
  });

  it("never writes a file to a sensitive path, whoever asks: the worktree is not even made", async () => {
    const { workspace, sha, cacheDir } = await openFixture("cart-js");
    const run = runInWorktree({
      workspace,
      sandbox,
      sha,
      files: [{ path: ".github/quorum.yml", after: "verify:\n  command: 'true'\n", mode: "100644" }],
      commands: [{ name: "suite", argv: ["npm", "test"], expected: "pass" }],
    });
    await expect(run).rejects.toBeInstanceOf(SensitivePathError);
    await expect(run).rejects.toMatchObject({ kind: "ci-or-configuration", path: ".github/quorum.yml" });
    expect(await readdir(join(cacheDir, "worktrees"))).toEqual([]);
  });

  it("rejects a patch that rewrites the test script to always pass", async () => {
    const { workspace, sha, command } = await openFixture("cart-js");
    const result = await verifyPatch({
      label: "candidate 1",
      edits: [{ path: "package.json", search: '"test": "node --test"', replace: '"test": "exit 0"' }],
      baseSha: sha,
      workspace,
      sandbox,
      testCommand: command,
    });
    expect(result.verified ? "" : result.reason).toBe(
      "the patch weakens the tests: package.json: changes the scripts",
    );
  });

  it("reads each base file from git once per reader, so verification re-applies a grouped patch without reading again", async () => {
    const { workspace, sha, command } = await openFixture("cart-js");
    const reads: string[] = [];
    const counting: Workspace = {
      ...workspace,
      readFile: (at, path) => {
        reads.push(path);
        return workspace.readFile(at, path);
      },
    };
    const readBase = baseReader(counting, sha);
    const [first, again] = await Promise.all([readBase("src/cart.js"), readBase("src/cart.js")]);
    expect(first?.content).toContain("return sum - discount;");
    expect(again).toEqual(first);
    const rejected = await verifyPatch({
      label: "candidate 1",
      edits: [{ ...fixBlock, search: "  return nothing;\n" }],
      baseSha: sha,
      workspace: counting,
      sandbox,
      testCommand: command,
      readBase,
    });
    expect(rejected.verified).toBe(false);
    expect(reads).toEqual(["src/cart.js"]);
  });
});

const pytestRuns = await sandboxCanRun(["python3", "-m", "pytest", "--version"]);

describe.runIf(pytestRuns)("verifyPatch on a Python repository (pytest)", () => {
  it("verifies a correct fix and rejects one that breaks another test", async () => {
    const { workspace, sha, command } = await openFixture("cart-py");
    expect(command.display).toBe("python3 -m pytest -q");
    const reproducing = {
      path: "tests/test_quorum_discount.py",
      content:
        'from cart import total\n\n\ndef test_discount_never_makes_total_negative():\n    assert total([{"price": 1, "quantity": 1}], 5) == 0\n',
    };
    const fix = {
      path: "cart.py",
      search: "    return amount - discount\n",
      replace: "    return max(0, amount - discount)\n",
    };
    const good = await verifyPatch({
      label: "c1",
      edits: [fix],
      baseSha: sha,
      workspace,
      sandbox,
      testCommand: command,
      reproducingTest: reproducing,
    });
    expect(good.steps.map((s) => s.outcome)).toEqual(["passed", "passed"]);
    expect(good.verified).toBe(true);

    const bad = await verifyPatch({
      label: "c2",
      edits: [{ ...fix, replace: "    return 0\n" }],
      baseSha: sha,
      workspace,
      sandbox,
      testCommand: command,
      reproducingTest: reproducing,
    });
    expect(bad.verified).toBe(false);
    expect(bad.steps.at(-1)?.outputTail).toMatch(/test_total_sums_price_times_quantity/);
  });
});

/** Whether a toolchain is usable inside the sandbox (installed for every user, not just Quorum's). */
async function sandboxCanRun(argv: [string, ...string[]]): Promise<boolean> {
  const probe = await createSandbox({ ...readSandboxSettings(), logger: silentLogger });
  const dir = await mkdtemp(join(tmpdir(), "quorum-toolchain-"));
  try {
    return (await probe.run({ command: argv, cwd: dir })).passed;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
