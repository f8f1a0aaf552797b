import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Logger } from "pino";
import { simpleGit, type SimpleGit } from "simple-git";
import { assertCloneUrl, assertCommitSha, assertRefName, assertRepoPath } from "./git-arguments.ts";
import { WorkspaceError } from "./workspace-error.ts";

export interface WorkspaceOptions {
  /**
   * Root of the repository cache. Repositories live in `<cacheDir>/repos` (readable by Quorum's
   * user only), worktrees in `<cacheDir>/worktrees` under random names (traversable, not listable),
   * so a sandboxed run can reach its own worktree and nothing else. Created when missing.
   */
  readonly cacheDir: string;
  /** `repository.clone_url` from the webhook payload (github.com or GitHub Enterprise Server). */
  readonly cloneUrl: string;
  /** Installation token. Sent as an HTTP header for fetches only; never in a URL, on disk or in logs. */
  readonly token?: string | undefined;
  /** Accept local paths and `file://` URLs (tests, mirrors). Default: false. */
  readonly allowLocalUrls?: boolean | undefined;
  /** A git command that prints nothing for this long is killed. Default: 300_000 (5 minutes). */
  readonly gitTimeoutMs?: number | undefined;
  readonly logger: Logger;
}

/** One entry of a commit's tree. */
export interface TreeFile {
  readonly path: string;
  /** Git file mode: `100644` (file), `100755` (executable), `120000` (symlink), `160000` (submodule). */
  readonly mode: string;
  /** Size in bytes (0 for submodules). */
  readonly size: number;
}

/** A checkout of one commit in its own directory. */
export interface Worktree {
  readonly dir: string;
  readonly sha: string;
  /** Deletes the directory and git's record of it. Safe to call twice. */
  dispose(): Promise<void>;
}

export interface Workspace {
  /** The cached repository (bare) this workspace reads from. */
  readonly gitDir: string;
  /**
   * Fetches `ref` (a branch name such as `main` or a full ref such as `refs/pull/7/head`) and
   * returns its commit. With `sha`, makes sure that exact commit is present (fetching it by id when
   * the ref has moved on) and returns it.
   */
  fetch(ref: string, sha?: string): Promise<string>;
  /** Every file of a commit's tree (blobs, symlinks and submodules), read from the object store. */
  listFiles(sha: string): Promise<readonly TreeFile[]>;
  /** A file's text at a commit, read from the object store; undefined when the commit has no such file. */
  readFile(sha: string, path: string): Promise<string | undefined>;
  /** A fresh checkout of `sha`; dispose it when done. */
  addWorktree(sha: string): Promise<Worktree>;
  /** Disposes every worktree this workspace created. The cached repository stays for the next run. */
  dispose(): Promise<void>;
}

/** Git commands on one cached repository run one at a time within this process (git's own locks do the rest). */
const repositoryLocks = new Map<string, Promise<unknown>>();

/**
 * Opens (creating when needed) the cached copy of a repository. Every value that reaches a git
 * command line is validated first and placed after `--` or `--end-of-options`; git runs with a
 * private empty HOME, without system config, terminal prompts, or any transport but http(s).
 */
export async function openWorkspace(options: WorkspaceOptions): Promise<Workspace> {
  const allowLocal = options.allowLocalUrls === true;
  const cloneUrl = assertCloneUrl(options.cloneUrl, { allowLocal });
  const cacheDir = resolve(options.cacheDir);
  const reposDir = join(cacheDir, "repos");
  const worktreesDir = join(cacheDir, "worktrees");
  const gitHome = join(cacheDir, "git-home");
  await mkdir(cacheDir, { recursive: true });
  await chmod(cacheDir, 0o711);
  await assertTraversable(cacheDir);
  await mkdir(reposDir, { recursive: true, mode: 0o700 });
  await mkdir(gitHome, { recursive: true, mode: 0o700 });
  await mkdir(worktreesDir, { recursive: true });
  await chmod(worktreesDir, 0o711);

  const gitDir = join(reposDir, `${repositoryKey(cloneUrl)}.git`);
  const logger = options.logger.child({ component: "workspace", repository: displayUrl(cloneUrl) });
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: gitHome,
    LANG: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_ALLOW_PROTOCOL: allowLocal ? "https:http:file" : "https:http",
  };
  const git = (): SimpleGit =>
    simpleGit({
      baseDir: gitDir,
      timeout: { block: options.gitTimeoutMs ?? 300_000 },
      allowEnvironment: [...Object.keys(env).filter((k) => k.startsWith("GIT_")), ...authEnvNames],
      unsafe: { allowUnsafeConfigEnvCount: true },
    }).env(env);

  if (!(await exists(join(gitDir, "HEAD")))) {
    await mkdir(gitDir, { recursive: true, mode: 0o700 });
    await run("git init", false, () => git().raw(["init", "--bare", "--quiet", "--", gitDir]));
  }

  const created = new Set<Worktree>();
  const treeCache = new Map<string, Promise<readonly TreeFile[]>>();

  async function run<T>(operation: string, retryable: boolean, task: () => Promise<T>): Promise<T> {
    const previous = repositoryLocks.get(gitDir) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(task);
    repositoryLocks.set(gitDir, current);
    try {
      return await current;
    } catch (error) {
      throw new WorkspaceError(operation, { cause: error, retryable, secret: options.token });
    } finally {
      if (repositoryLocks.get(gitDir) === current) repositoryLocks.delete(gitDir);
    }
  }

  async function fetchInto(target: string, localRef: string): Promise<void> {
    const started = performance.now();
    await run("git fetch", true, () =>
      git()
        .env({ ...env, ...authEnv(cloneUrl, options.token) })
        .raw(["fetch", "--no-tags", "--depth=1", "--quiet", "--", cloneUrl, `+${target}:${localRef}`]),
    );
    logger.debug({ target, durationMs: Math.round(performance.now() - started) }, "fetched");
  }

  async function resolveCommit(rev: string): Promise<string | undefined> {
    try {
      const out = await run("git rev-parse", false, () =>
        git().raw(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]),
      );
      return out.trim() || undefined;
    } catch {
      return undefined;
    }
  }

  const workspace: Workspace = {
    gitDir,
    async fetch(ref, sha) {
      const fullRef = ref.startsWith("refs/") ? assertRefName(ref) : `refs/heads/${assertRefName(ref)}`;
      const localRef = `refs/quorum/fetched/${fullRef.slice("refs/".length)}`;
      await fetchInto(fullRef, localRef);
      const fetched = await resolveCommit(localRef);
      if (fetched === undefined)
        throw new WorkspaceError("git fetch", { cause: `${fullRef} is not a commit`, retryable: false });
      if (sha === undefined || fetched === assertCommitSha(sha)) return fetched;
      // The ref moved on since the event; the commit the event named is what we must work on.
      await fetchInto(sha, `refs/quorum/commits/${sha}`);
      const present = await resolveCommit(sha);
      if (present !== sha)
        throw new WorkspaceError("git fetch", { cause: `commit ${sha} not found`, retryable: false });
      return sha;
    },
    listFiles(sha) {
      assertCommitSha(sha);
      let listing = treeCache.get(sha);
      if (listing === undefined) {
        listing = run("git ls-tree", false, () =>
          git().raw(["ls-tree", "-r", "-z", "-l", "--full-tree", "--end-of-options", sha]),
        ).then(parseTree);
        treeCache.set(sha, listing);
        listing.catch(() => treeCache.delete(sha));
      }
      return listing;
    },
    async readFile(sha, path) {
      assertRepoPath(path);
      const entry = (await workspace.listFiles(sha)).find((file) => file.path === path);
      if (entry === undefined || entry.mode === "160000") return undefined;
      return run("git cat-file", false, () => git().raw(["cat-file", "blob", `${sha}:${path}`]));
    },
    async addWorktree(sha) {
      assertCommitSha(sha);
      const dir = join(worktreesDir, randomBytes(12).toString("hex"));
      await run("git add worktree", false, () =>
        git().raw(["worktree", "add", "--detach", "--quiet", "--", dir, sha]),
      );
      let disposed = false;
      const worktree: Worktree = {
        dir,
        sha,
        async dispose() {
          if (disposed) return;
          disposed = true;
          created.delete(worktree);
          // No git command runs inside the directory: sandboxed code may have rewritten its `.git` file.
          await rm(dir, { recursive: true, force: true });
          await run("git prune worktrees", false, () => git().raw(["worktree", "prune"]));
        },
      };
      created.add(worktree);
      return worktree;
    },
    async dispose() {
      for (const worktree of [...created]) await worktree.dispose();
    },
  };
  return workspace;
}

const authEnvNames = ["GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0"];

/**
 * The token as an `http.<origin>/.extraheader` set through the environment: not on the command
 * line (visible in the process list), not in the repository config, and sent only to the clone
 * URL's own host.
 */
function authEnv(cloneUrl: string, token: string | undefined): Record<string, string> {
  if (token === undefined || token === "" || !/^https?:/.test(cloneUrl)) return {};
  const origin = new URL(cloneUrl).origin;
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: `http.${origin}/.extraheader`,
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  };
}

/** A readable, collision-free directory name: `host-owner-repo-<hash>`. */
function repositoryKey(cloneUrl: string): string {
  const hash = createHash("sha256").update(cloneUrl).digest("hex").slice(0, 12);
  const readable = cloneUrl
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\.git$/, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[.-]+/, "")
    .slice(-80);
  return `${readable}-${hash}`;
}

function displayUrl(cloneUrl: string): string {
  return cloneUrl.startsWith("/") ? cloneUrl : new URL(cloneUrl).toString();
}

function parseTree(output: string): TreeFile[] {
  const files: TreeFile[] = [];
  for (const record of output.split("\0")) {
    if (record === "") continue;
    const tab = record.indexOf("\t");
    const [mode, type, , size] = record.slice(0, tab).split(/\s+/);
    if (mode === undefined || (type !== "blob" && type !== "commit")) continue;
    files.push({ path: record.slice(tab + 1), mode, size: Number(size) || 0 });
  }
  return files;
}

/**
 * When Quorum is root, sandboxed runs use throwaway uids, which must be able to walk down to their
 * worktree: every folder above the cache needs the "others may enter" bit.
 */
async function assertTraversable(cacheDir: string): Promise<void> {
  if (process.geteuid?.() !== 0) return;
  for (let dir = dirname(cacheDir); ; dir = dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) {
      throw new WorkspaceError("open cache", {
        cause: `${dir} is not traversable by other users (chmod o+x), so sandboxed runs could not reach their worktrees`,
        retryable: false,
      });
    }
    if (dir === dirname(dir)) return;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
