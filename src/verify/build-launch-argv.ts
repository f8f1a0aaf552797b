import { SandboxRequestError } from "./sandbox-errors.ts";
import type { SandboxLimits } from "./sandbox-limits.ts";

/** How repository code is isolated: bubblewrap, util-linux `unshare`, or (operator override) nothing. */
export type SandboxMechanism = "bwrap" | "unshare" | "none";

/** Absolute paths of the helper programs found on this machine. */
export interface SandboxTools {
  readonly unshare?: string | undefined;
  /** iproute2's `ip`: brings up loopback for registry-only network under unshare. */
  readonly ip?: string | undefined;
  readonly setpriv?: string | undefined;
  readonly prlimit?: string | undefined;
  readonly bwrap?: string | undefined;
}

/** A top-level directory shown read-only inside bubblewrap; merged-/usr systems have symlinks there. */
export interface RootEntry {
  readonly path: string;
  /** Set when the entry is a symlink (e.g. `/bin` → `usr/bin`). */
  readonly symlinkTarget?: string | undefined;
}

export interface LaunchInput {
  readonly mechanism: SandboxMechanism;
  readonly tools: SandboxTools;
  readonly limits: SandboxLimits;
  /** The repository command: program (looked up in the sandbox's PATH) and arguments. */
  readonly command: readonly [string, ...string[]];
  readonly cwd: string;
  /** Directories the command may write; under bubblewrap nothing else of the host is writable. */
  readonly writableDirs: readonly string[];
  /** Present when Quorum runs as root: the command runs as this unprivileged user instead. */
  readonly runAs?: { readonly uid: number; readonly gid: number } | undefined;
  /** bubblewrap only: the read-only view of the host (`/usr`, `/etc` entries, toolchains). */
  readonly readOnlyPaths?: readonly string[] | undefined;
  readonly rootEntries?: readonly RootEntry[] | undefined;
  /** bubblewrap only: the run's private temporary directory, also mounted at /tmp. */
  readonly tmp?: string | undefined;
  /**
   * unshare only: path of `ip`, to bring up loopback in the new network namespace before anything
   * else runs (bubblewrap does that itself). Needed when the command talks to a local proxy.
   * Default: loopback stays down.
   */
  readonly loopback?: string | undefined;
}

/**
 * The argv that runs `command` isolated by `mechanism`. Order matters: limits are set while still
 * privileged (prlimit), privileges are dropped next (setpriv), and namespaces come last for
 * bubblewrap (which creates them unprivileged) or first for unshare (which needs root or a user
 * namespace to create them).
 */
export function buildLaunchArgv(input: LaunchInput): [string, ...string[]] {
  const { tools, command } = input;
  switch (input.mechanism) {
    case "none":
      return tools.prlimit === undefined
        ? [...command]
        : [tools.prlimit, ...prlimitArgs(input.limits), ...command];
    case "unshare": {
      const unshare = need(tools.unshare, "unshare");
      const prlimit = need(tools.prlimit, "prlimit");
      const namespaces = ["--net", "--pid", "--fork", "--kill-child", "--mount-proc", "--ipc", "--uts"];
      // Still privileged inside the namespaces here, so `ip` may change the namespace's own loopback.
      const loopbackUp =
        input.loopback === undefined
          ? []
          : ["/bin/sh", "-c", '"$1" link set lo up && shift && exec "$@"', "sh", input.loopback];
      if (input.runAs === undefined) {
        // Unprivileged: a user namespace makes the others possible; its root is the caller's uid outside.
        return [
          unshare,
          "--user",
          "--map-root-user",
          ...namespaces,
          "--",
          ...loopbackUp,
          prlimit,
          ...prlimitArgs(input.limits),
          ...command,
        ];
      }
      const setpriv = need(tools.setpriv, "setpriv");
      return [
        unshare,
        ...namespaces,
        "--",
        ...loopbackUp,
        prlimit,
        ...prlimitArgs(input.limits),
        setpriv,
        ...setprivArgs(input.runAs),
        ...command,
      ];
    }
    case "bwrap": {
      const bwrap = need(tools.bwrap, "bwrap");
      const prlimit = need(tools.prlimit, "prlimit");
      const drop =
        input.runAs === undefined ? [] : [need(tools.setpriv, "setpriv"), ...setprivArgs(input.runAs)];
      return [prlimit, ...prlimitArgs(input.limits), ...drop, bwrap, ...bwrapArgs(input), "--", ...command];
    }
  }
}

function prlimitArgs(limits: SandboxLimits): string[] {
  return [
    `--as=${limits.memoryBytes}`,
    `--nproc=${limits.processes}`,
    `--fsize=${limits.fileSizeBytes}`,
    `--cpu=${limits.cpuSeconds}`,
    `--nofile=${limits.openFiles}`,
    "--core=0",
    "--",
  ];
}

function setprivArgs(runAs: { readonly uid: number; readonly gid: number }): string[] {
  return [
    `--reuid=${runAs.uid}`,
    `--regid=${runAs.gid}`,
    "--clear-groups",
    "--no-new-privs",
    "--inh-caps=-all",
    "--bounding-set=-all",
    "--",
  ];
}

function bwrapArgs(input: LaunchInput): string[] {
  const args = [
    "--unshare-all",
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
    "--hostname",
    "sandbox",
  ];
  for (const entry of input.rootEntries ?? []) {
    if (entry.symlinkTarget === undefined) args.push("--ro-bind-try", entry.path, entry.path);
    else args.push("--symlink", entry.symlinkTarget, entry.path);
  }
  args.push("--proc", "/proc", "--dev", "/dev");
  // The private /tmp first: paths that live under the host's /tmp (the registry proxy's socket
  // folder, work dirs) are then mounted on top of it instead of being hidden by it.
  if (input.tmp !== undefined) args.push("--bind", input.tmp, "/tmp");
  for (const path of input.readOnlyPaths ?? []) args.push("--ro-bind-try", path, path);
  for (const dir of input.writableDirs) args.push("--bind", dir, dir);
  args.push("--chdir", input.cwd);
  return args;
}

function need(path: string | undefined, name: string): string {
  if (path === undefined) {
    throw new SandboxRequestError(`${name} is required for this sandbox mechanism but was not found`);
  }
  return path;
}
