import { randomInt } from "node:crypto";
import { chmod, chown, lstat, mkdir, mkdtemp, readlink, rm } from "node:fs/promises";
import { networkInterfaces, tmpdir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Logger } from "pino";
import {
  buildLaunchArgv,
  type RootEntry,
  type SandboxMechanism,
  type SandboxTools,
} from "./build-launch-argv.ts";
import { buildSandboxEnvironment, defaultSandboxPath } from "./build-sandbox-environment.ts";
import { defaultToolSearchPath, findExecutable } from "./find-executable.ts";
import { runProcessGroup } from "./run-process-group.ts";
import type { Sandbox, SandboxRunRequest, SandboxRunResult } from "./sandbox.ts";
import {
  RegistryNetworkUnavailableError,
  SandboxRequestError,
  SandboxRunError,
  SandboxUnavailableError,
  type SandboxAttempt,
} from "./sandbox-errors.ts";
import { resolveSandboxLimits, type SandboxLimits } from "./sandbox-limits.ts";
import { defaultSandboxUids, type SandboxMode, type SandboxUidRange } from "./sandbox-mode.ts";
import { probeNetworkIsolation } from "./probe-network-isolation.ts";
import { startRegistryProxy, type RegistryProxy } from "./start-registry-proxy.ts";
import { wrapWithRegistryForwarder } from "./wrap-with-registry-forwarder.ts";

export interface CreateSandboxOptions {
  /** Which mechanism to use; see `SandboxMode`. Default: `auto`. */
  readonly mode?: SandboxMode | undefined;
  /** Throwaway uids used when Quorum runs as root. Default: 200000-299999. */
  readonly uids?: SandboxUidRange | undefined;
  /** Default limits of every run. Default: `defaultSandboxLimits`. */
  readonly limits?: Partial<SandboxLimits> | undefined;
  /** PATH inside the sandbox. Default: the system directories plus the folder of Quorum's `node`. */
  readonly path?: string | undefined;
  /** Where each run's private HOME and TMPDIR are made; must be traversable by every user. Default: the OS temp dir. */
  readonly workDir?: string | undefined;
  /** Where helper programs (unshare, setpriv, prlimit, bwrap) are looked up. Default: PATH plus the sbin/bin directories. */
  readonly searchPath?: string | undefined;
  readonly logger: Logger;
}

/** /etc entries bubblewrap shows: name resolution, certificates, the dynamic loader; no service configuration. */
const etcEntries = [
  "/etc/passwd",
  "/etc/group",
  "/etc/hosts",
  "/etc/nsswitch.conf",
  "/etc/ld.so.cache",
  "/etc/ld.so.conf",
  "/etc/ld.so.conf.d",
  "/etc/ssl",
  "/etc/ca-certificates",
  "/etc/localtime",
  "/etc/alternatives",
  "/etc/os-release",
  "/etc/mime.types",
];
const rootDirs = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

/**
 * Finds a working isolation mechanism and proves it before any repository code runs: a self-test
 * inside the sandbox must fail to connect to a server Quorum listens on (loopback and the host's own
 * addresses), and, when Quorum is root, must run as the throwaway uid. Throws
 * `SandboxUnavailableError` listing what was tried when nothing passes. With mode `off` it returns
 * an unisolated runner and logs a warning.
 */
export async function createSandbox(options: CreateSandboxOptions): Promise<Sandbox> {
  const logger = options.logger.child({ component: "sandbox" });
  const mode = options.mode ?? "auto";
  const limits = resolveSandboxLimits(options.limits);
  const searchPath = options.searchPath ?? defaultToolSearchPath();
  const tools: SandboxTools = {
    unshare: await findExecutable("unshare", searchPath),
    setpriv: await findExecutable("setpriv", searchPath),
    prlimit: await findExecutable("prlimit", searchPath),
    bwrap: await findExecutable("bwrap", searchPath),
    ip: await findExecutable("ip", searchPath),
  };
  const chownPath = (await findExecutable("chown", searchPath)) ?? "/bin/chown";
  const context: SandboxContext = {
    tools,
    chownPath,
    limits,
    asRoot: process.geteuid?.() === 0,
    uids: options.uids ?? defaultSandboxUids,
    path: options.path ?? sandboxPathWithNode(),
    workDir: resolve(options.workDir ?? tmpdir()),
    rootEntries: await readRootEntries(),
  };

  if (mode === "off") {
    logger.warn(
      { prlimit: tools.prlimit !== undefined },
      "QUORUM_SANDBOX=off: repository code runs WITHOUT isolation (own user, file system and network)",
    );
    return makeSandbox("none", context);
  }

  const candidates: SandboxMechanism[] = mode === "auto" ? ["bwrap", "unshare"] : [mode];
  const attempts: SandboxAttempt[] = [];
  for (const mechanism of candidates) {
    const missing = missingTools(mechanism, context);
    if (missing.length > 0) {
      attempts.push({ mechanism, reason: `${missing.join(", ")} not found` });
      continue;
    }
    const sandbox = makeSandbox(mechanism, context);
    const reason = await selfTest(sandbox, context);
    if (reason === undefined) {
      logger.info({ mechanism, asRoot: context.asRoot, limits }, "sandbox ready");
      return sandbox;
    }
    attempts.push({ mechanism, reason });
    logger.warn({ mechanism, reason }, "sandbox mechanism failed its self-test");
  }
  throw new SandboxUnavailableError(attempts);
}

interface SandboxContext {
  readonly tools: SandboxTools;
  readonly chownPath: string;
  readonly limits: SandboxLimits;
  readonly asRoot: boolean;
  readonly uids: SandboxUidRange;
  readonly path: string;
  readonly workDir: string;
  readonly rootEntries: readonly RootEntry[];
}

function missingTools(mechanism: SandboxMechanism, context: SandboxContext): string[] {
  const needed: (keyof SandboxTools)[] =
    mechanism === "bwrap" ? ["bwrap", "prlimit"] : mechanism === "unshare" ? ["unshare", "prlimit"] : [];
  if (context.asRoot && mechanism !== "none") needed.push("setpriv");
  return needed.filter((tool) => context.tools[tool] === undefined);
}

function makeSandbox(mechanism: SandboxMechanism, context: SandboxContext): Sandbox {
  const isolated = mechanism !== "none";
  const description = describe(mechanism, context);
  return {
    mechanism,
    isolated,
    description,
    limits: context.limits,
    run: (request) => runSandboxed(mechanism, context, request),
  };
}

function describe(mechanism: SandboxMechanism, context: SandboxContext): string {
  if (mechanism === "none")
    return "none (QUORUM_SANDBOX=off: no isolation; env allow-list, rlimits and time limit only)";
  const user = context.asRoot ? "throwaway uid" : "user namespace";
  const files = mechanism === "bwrap" ? ", read-only system view" : "";
  return `${mechanism} (no network, own PID namespace, ${user}${files}, rlimits, env allow-list, time limit)`;
}

async function runSandboxed(
  mechanism: SandboxMechanism,
  context: SandboxContext,
  request: SandboxRunRequest,
): Promise<SandboxRunResult> {
  const limits = resolveSandboxLimits({ ...context.limits, ...request.limits });
  const writable = (request.writableDirs ?? [request.cwd]).map((dir) => assertAbsolute(dir));
  const cwd = assertAbsolute(request.cwd);
  const runAs =
    context.asRoot && mechanism !== "none"
      ? { uid: context.uids.first + randomInt(context.uids.count), gid: 0 }
      : undefined;
  if (runAs !== undefined) runAs.gid = runAs.uid;

  const network = request.network;
  if (network !== undefined && mechanism === "unshare" && context.tools.ip === undefined) {
    throw new RegistryNetworkUnavailableError(
      "registry-only network under unshare needs `ip` (iproute2) to bring up the sandbox's loopback; install it or bubblewrap",
    );
  }

  const runDir = await mkdtemp(join(context.workDir, "quorum-sandbox-"));
  let proxy: RegistryProxy | undefined;
  try {
    // Traversable but not listable, so other runs cannot find this run's files.
    await chmod(runDir, 0o711);
    const home = join(runDir, "home");
    const tmp = join(runDir, "tmp");
    await mkdir(home, { mode: 0o700 });
    await mkdir(tmp, { mode: 0o700 });
    if (runAs !== undefined) {
      for (const dir of [home, tmp, ...writable])
        await chownTree(context.chownPath, dir, runAs.uid, runAs.gid);
    }
    const env = buildSandboxEnvironment({ home, tmp, path: context.path, extra: request.env });
    const readOnlyPaths = [...etcEntries, ...toolchainDirs(context.path)];
    let command = request.command;
    if (network !== undefined) {
      // The proxy is the sandbox's only way out; its socket is shown read-only (connecting needs no write).
      const netDir = join(runDir, "net");
      await mkdir(netDir, { mode: 0o711 });
      proxy = await startRegistryProxy({
        registry: network.registry,
        socketPath: join(netDir, "registry.sock"),
        owner: runAs,
      });
      command = wrapWithRegistryForwarder(process.execPath, proxy.socketPath, network.registry, command);
      readOnlyPaths.push(netDir);
    }
    const argv = buildLaunchArgv({
      mechanism,
      tools: context.tools,
      limits,
      command,
      cwd,
      writableDirs: [home, tmp, ...writable],
      runAs,
      readOnlyPaths,
      rootEntries: context.rootEntries,
      tmp,
      loopback: network !== undefined && mechanism === "unshare" ? context.tools.ip : undefined,
    });
    const result = await runProcessGroup({
      argv,
      cwd,
      env,
      timeoutMs: limits.timeoutMs,
      outputBytes: limits.outputBytes,
      signal: request.signal,
    });
    return {
      ...result,
      passed: result.exitCode === 0 && !result.timedOut && !result.cancelled,
      mechanism,
      uid: runAs?.uid,
      limits,
    };
  } finally {
    await proxy?.dispose();
    await rm(runDir, { recursive: true, force: true });
  }
}

function assertAbsolute(path: string): string {
  if (!isAbsolute(path)) throw new SandboxRequestError(`sandbox paths must be absolute, got "${path}"`);
  return resolve(path);
}

/** Hands a directory tree to the run's user. `-h`: symlinks themselves, never what they point to. */
async function chownTree(chownPath: string, dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  const result = await runProcessGroup({
    argv: [chownPath, "-R", "-h", "-P", "--", `${uid}:${gid}`, dir],
    cwd: "/",
    env: { PATH: defaultSandboxPath, LANG: "C" },
    timeoutMs: 120_000,
    outputBytes: 4096,
  });
  if (result.exitCode !== 0) {
    throw new SandboxRunError(`could not hand ${dir} to the sandbox user: ${result.output.trim()}`);
  }
}

/** System directories first, then the folder of the `node` running Quorum (so `node` and `npm` resolve). */
function sandboxPathWithNode(): string {
  const nodeDir = dirname(process.execPath);
  const dirs = defaultSandboxPath.split(":");
  return dirs.includes(nodeDir) ? defaultSandboxPath : `${defaultSandboxPath}:${nodeDir}`;
}

/** PATH folders outside /usr and the root directories, shown read-only with their parent (e.g. `/opt/node`). */
function toolchainDirs(path: string): string[] {
  const covered = ["/usr/", ...rootDirs.map((dir) => `${dir}/`)];
  return path
    .split(":")
    .filter((dir) => isAbsolute(dir) && !covered.some((prefix) => `${dir}/`.startsWith(prefix)))
    .map((dir) => dirname(dir))
    .filter((dir) => dir !== "/");
}

async function readRootEntries(): Promise<RootEntry[]> {
  const entries: RootEntry[] = [{ path: "/usr" }];
  for (const path of rootDirs) {
    try {
      const stat = await lstat(path);
      entries.push(stat.isSymbolicLink() ? { path, symlinkTarget: await readlink(path) } : { path });
    } catch {
      // Not on this system.
    }
  }
  return entries;
}

/** Undefined when the sandbox proved itself; otherwise why not. */
async function selfTest(sandbox: Sandbox, context: SandboxContext): Promise<string | undefined> {
  const probeDir = await mkdtemp(join(context.workDir, "quorum-sandbox-probe-"));
  try {
    await chmod(probeDir, 0o711);
    return await probeNetworkIsolation({
      run: (command) =>
        sandbox.run({ command, cwd: probeDir, limits: { timeoutMs: 30_000, outputBytes: 64 * 1024 } }),
      hostAddresses: externalAddresses(),
      expectUidOutside: context.asRoot,
    });
  } catch (error) {
    return `the self-test could not run (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await rm(probeDir, { recursive: true, force: true });
  }
}

function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((address) => !address.internal && address.family === "IPv4")
    .map((address) => address.address);
}
