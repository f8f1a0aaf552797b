import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createSandbox,
  openWorkspace,
  readSandboxSettings,
  type Sandbox,
  type Workspace,
} from "../../src/verify/index.ts";
import { createFixtureRepository } from "./fixture-repository.ts";
import { silentLogger } from "./sandbox-helpers.ts";

export interface FixtureWorkspaces {
  readonly root: string;
  readonly sandbox: Sandbox;
  /** A fresh copy of a fixture repository, opened in its own cache. */
  openRepository(
    name: string,
    changes?: Record<string, string>,
  ): Promise<{ workspace: Workspace; source: string; cacheDir: string }>;
  /** Disposes every workspace opened and deletes `root`. */
  dispose(): Promise<void>;
}

/** A temporary root for fixture repositories and their caches, and the sandbox that runs their tests. */
export async function startFixtureWorkspaces(): Promise<FixtureWorkspaces> {
  const root = await mkdtemp(join(tmpdir(), "quorum-fix-"));
  // Sandboxed runs (throwaway uids when the tests run as root) must be able to walk into worktrees.
  await chmod(root, 0o711);
  const sandbox = await createSandbox({ ...readSandboxSettings(), logger: silentLogger });
  const workspaces: Workspace[] = [];
  return {
    root,
    sandbox,
    async openRepository(name, changes = {}) {
      const source = await mkdtemp(join(root, `${name}-`));
      createFixtureRepository(name, source, changes);
      const cacheDir = await mkdtemp(join(root, "cache-"));
      const workspace = await openWorkspace({
        cacheDir,
        cloneUrl: source,
        allowLocalUrls: true,
        logger: silentLogger,
      });
      workspaces.push(workspace);
      return { workspace, source, cacheDir };
    },
    async dispose() {
      for (const workspace of workspaces) await workspace.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}
