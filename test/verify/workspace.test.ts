import { existsSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  assertCloneUrl,
  assertRefName,
  assertRepoPath,
  GitArgumentError,
  openWorkspace,
  WorkspaceError,
} from "../../src/verify/index.ts";
import { commitFiles, createGitRepository, git } from "./git-fixture.ts";
import { startGitHttpServer } from "./git-http-server.ts";
import { silentLogger } from "./sandbox-helpers.ts";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "quorum-workspace-"));
  await chmod(root, 0o711);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("openWorkspace", () => {
  it("fetches a branch into the cache, reads files from the object store, and checks out worktrees", async () => {
    const source = join(root, "source");
    const first = createGitRepository(source, { "src/a.js": "export const a = 1;\n", "README.md": "hi\n" });
    const workspace = await openWorkspace({
      cacheDir: join(root, "cache"),
      cloneUrl: source,
      allowLocalUrls: true,
      logger: silentLogger,
    });

    expect(await workspace.fetch("main")).toBe(first);
    expect((await workspace.listFiles(first)).map((f) => f.path).sort()).toEqual(["README.md", "src/a.js"]);
    expect(await workspace.readFile(first, "src/a.js")).toBe("export const a = 1;\n");
    expect(await workspace.readFile(first, "missing.js")).toBeUndefined();

    const worktree = await workspace.addWorktree(first);
    expect(await readFile(join(worktree.dir, "src/a.js"), "utf8")).toBe("export const a = 1;\n");
    const second = await workspace.addWorktree(first);
    expect(second.dir).not.toBe(worktree.dir);

    // A new commit is fetched into the same cache; the old one stays readable.
    const next = commitFiles(source, { "src/a.js": "export const a = 2;\n" }, "bump");
    expect(await workspace.fetch("refs/heads/main")).toBe(next);
    expect(await workspace.readFile(next, "src/a.js")).toBe("export const a = 2;\n");

    await workspace.dispose();
    expect(existsSync(worktree.dir)).toBe(false);
    expect(existsSync(second.dir)).toBe(false);
    expect(git(workspace.gitDir, "worktree", "list").trim().split("\n")).toHaveLength(1);
  });

  it("returns the commit the event named even when the branch has moved on", async () => {
    const source = join(root, "source");
    const named = createGitRepository(source, { "a.txt": "1\n" });
    git(source, "config", "uploadpack.allowAnySHA1InWant", "true");
    commitFiles(source, { "a.txt": "2\n" }, "moved on");
    const workspace = await openWorkspace({
      cacheDir: join(root, "cache"),
      cloneUrl: source,
      allowLocalUrls: true,
      logger: silentLogger,
    });
    expect(await workspace.fetch("main", named)).toBe(named);
    expect(await workspace.readFile(named, "a.txt")).toBe("1\n");
  });

  it("refuses a branch name that is an option, and git never runs it", async () => {
    const source = join(root, "source");
    createGitRepository(source, { "a.txt": "1\n" });
    const workspace = await openWorkspace({
      cacheDir: join(root, "cache"),
      cloneUrl: source,
      allowLocalUrls: true,
      logger: silentLogger,
    });
    const marker = join(root, "pwned");
    for (const hostile of [
      `--upload-pack=touch ${marker}`,
      `main --upload-pack=touch ${marker}`,
      "-c",
      "../../etc/passwd",
    ]) {
      await expect(workspace.fetch(hostile)).rejects.toBeInstanceOf(GitArgumentError);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it("sends the token as a header only, and writes it nowhere: not to disk, not to the logs", async () => {
    const served = join(root, "served");
    const token = "ghs_testTokenTestTokenTestToken000001";
    const sha = createGitRepository(join(served, "work"), { "a.txt": "secret-repo\n" });
    git(served, "clone", "--quiet", "--bare", join(served, "work"), join(served, "repo.git"));
    const expected = `Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
    const server = await startGitHttpServer(served, expected);
    let logs = "";
    const logger = pino(
      { level: "trace" },
      new Writable({ write: (chunk: Buffer, _encoding, done) => ((logs += chunk.toString()), done()) }),
    );
    try {
      const cloneUrl = `${server.url}/repo.git`;
      const cacheDir = join(root, "cache");
      const workspace = await openWorkspace({ cacheDir, cloneUrl, token, logger });
      expect(await workspace.fetch("main")).toBe(sha);
      expect(server.authorizations.filter((a) => a === expected).length).toBeGreaterThan(0);

      const files = await listFilesRecursively(cacheDir);
      for (const file of files) {
        const content = await readFile(file, "latin1");
        expect(content, file).not.toContain(token);
        expect(content, file).not.toContain(Buffer.from(`x-access-token:${token}`).toString("base64"));
      }
      expect(logs).not.toContain(token);

      // A wrong token fails as a retryable WorkspaceError whose message does not carry it.
      const wrong = await openWorkspace({
        cacheDir,
        cloneUrl,
        token: "ghs_wrongWrongWrongWrongWrong000002",
        logger,
      });
      const error = (await wrong.fetch("main").catch((e: unknown) => e)) as WorkspaceError;
      expect(error).toBeInstanceOf(WorkspaceError);
      expect(error.retryable).toBe(true);
      expect(error.message).not.toContain("ghs_wrong");
    } finally {
      await server.close();
    }
  });
});

describe("git argument validation", () => {
  it("accepts ordinary branch and ref names", () => {
    for (const name of [
      "main",
      "feature/login-form",
      "release-1.2",
      "refs/pull/12/head",
      "quorum/fix-7-abc1234",
    ]) {
      expect(assertRefName(name)).toBe(name);
    }
  });

  it("refuses names git check-ref-format refuses, and anything that reads as an option", () => {
    for (const name of [
      "",
      "-b",
      "--upload-pack=x",
      "a..b",
      "a b",
      "a~1",
      "a^",
      "a:b",
      "a?",
      "a*",
      "a[",
      "a\\b",
      "/a",
      "a/",
      "a//b",
      "a.",
      ".hidden",
      "a/.b",
      "x.lock",
      "a@{1}",
      "@",
      "a\u0001",
    ]) {
      expect(() => assertRefName(name), name).toThrow(GitArgumentError);
    }
  });

  it("accepts repository paths and refuses escapes, .git and control characters", () => {
    expect(assertRepoPath("src/lib/a.js")).toBe("src/lib/a.js");
    for (const path of [
      "",
      "/etc/passwd",
      "../x",
      "a/../b",
      "a//b",
      "./a",
      ".git/config",
      "sub/.GIT/hooks/x",
      "a\\b",
      "a\nb",
    ]) {
      expect(() => assertRepoPath(path), path).toThrow(GitArgumentError);
    }
  });

  it("accepts GitHub and GHES clone URLs, refuses credentials, other transports and local paths", () => {
    expect(assertCloneUrl("https://github.com/octo/app.git")).toBe("https://github.com/octo/app.git");
    expect(assertCloneUrl("http://ghe.internal/octo/app.git")).toBe("http://ghe.internal/octo/app.git");
    for (const url of [
      "https://x-access-token:abc@github.com/o/r.git",
      "ext::sh -c touch% /tmp/x",
      "ssh://git@github.com/o/r.git",
      "file:///tmp/r",
      "/tmp/r",
      "--upload-pack=x",
    ]) {
      expect(() => assertCloneUrl(url), url).toThrow(GitArgumentError);
    }
    expect(assertCloneUrl("/tmp/r", { allowLocal: true })).toBe("/tmp/r");
  });
});

async function listFilesRecursively(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFilesRecursively(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
