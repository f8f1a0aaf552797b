/** How a repository's dependencies get installed before its tests run, or why they do not. */
export type DependencyInstallPlan =
  | {
      readonly kind: "install";
      readonly manager: "npm";
      /** Run in the worktree, e.g. `npm ci --ignore-scripts`: from the lockfile, no install scripts. */
      readonly argv: readonly [string, ...string[]];
      readonly display: string;
      readonly lockfile: string;
    }
  | {
      /** Nothing to install (no dependencies declared, or they are committed). */
      readonly kind: "none";
      readonly why: string;
    }
  | {
      /** Dependencies are declared but Quorum cannot install them; tests run without them. */
      readonly kind: "unsupported";
      readonly why: string;
    };

const npmLockfiles = ["package-lock.json", "npm-shrinkwrap.json"];
const otherLockfiles = ["yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock"];
const pythonManifests = ["requirements.txt", "requirements-dev.txt", "Pipfile.lock", "poetry.lock"];
const dependencyFields = ["dependencies", "devDependencies", "optionalDependencies"];

/**
 * Pure: does this commit need a dependency install before its tests can run? Only npm installs,
 * always from the lockfile (`npm ci`) and never with install scripts. A committed `node_modules`
 * or a package.json that declares nothing needs no install.
 */
export function planDependencyInstall(
  paths: readonly string[],
  packageJson: string | undefined,
): DependencyInstallPlan {
  const present = new Set(paths);
  if (packageJson === undefined) {
    const python = pythonManifests.find((name) => present.has(name));
    return python === undefined
      ? { kind: "none", why: "no package.json" }
      : { kind: "unsupported", why: `${python}: Quorum installs npm dependencies only` };
  }
  if (paths.some((path) => path.startsWith("node_modules/")))
    return { kind: "none", why: "node_modules is committed" };
  if (!declaresDependencies(packageJson))
    return { kind: "none", why: "package.json declares no dependencies" };
  const lockfile = npmLockfiles.find((name) => present.has(name));
  if (lockfile !== undefined) {
    const argv = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"] as const;
    return { kind: "install", manager: "npm", argv: [...argv], display: "npm ci --ignore-scripts", lockfile };
  }
  const other = otherLockfiles.find((name) => present.has(name));
  return {
    kind: "unsupported",
    why:
      other === undefined
        ? "package.json declares dependencies but there is no package-lock.json; Quorum installs only from a lockfile"
        : `${other}: Quorum installs from npm lockfiles (package-lock.json) only`,
  };
}

function declaresDependencies(packageJson: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(packageJson);
  } catch {
    return false;
  }
  if (typeof parsed !== "object" || parsed === null) return false;
  const record = parsed as Record<string, unknown>;
  return dependencyFields.some((field) => {
    const value = record[field];
    return typeof value === "object" && value !== null && Object.keys(value).length > 0;
  });
}
