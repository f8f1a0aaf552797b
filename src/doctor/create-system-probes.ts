import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Llama } from "node-llama-cpp";
import { pino, type Logger } from "pino";
import { loadPoolConfig, PoolConfigError } from "../pool/index.ts";
import {
  createSandbox,
  readSandboxSettings,
  SandboxRequestError,
  SandboxUnavailableError,
  type SandboxSettings,
} from "../verify/index.ts";
import type { DoctorProbes, PoolFacts, SandboxFacts, SandboxSelfTest } from "./doctor-probes.ts";
import { findExecutable } from "./find-executable.ts";
import { inspectEndpoint } from "./inspect-endpoint.ts";
import { inspectHardware } from "./inspect-hardware.ts";
import { inspectModelFile } from "./inspect-model-file.ts";
import { inspectRedis } from "./inspect-redis.ts";
import { readPrivateKey } from "./read-private-key.ts";

const run = promisify(execFile);

export interface SystemProbesOptions {
  readonly logger: Logger;
  /** Default: the verify sandbox's own start-up self-test (`createSandbox`). */
  readonly testSandbox?: (env: NodeJS.ProcessEnv) => Promise<SandboxSelfTest>;
}

/** The doctor's probes against the real machine. One llama.cpp runtime is started lazily and shared. */
export function createSystemProbes(options: SystemProbesOptions): DoctorProbes {
  const { logger } = options;
  let llama: Promise<Llama | { readonly error: string }> | undefined;

  function getLlamaOnce(): Promise<Llama | { readonly error: string }> {
    llama ??= startLlama(logger);
    return llama;
  }

  return {
    readNodeVersion: () => process.versions.node,
    async readGitVersion() {
      try {
        const { stdout } = await run("git", ["--version"], { timeout: 10_000 });
        return /git version (\S+)/.exec(stdout)?.[1] ?? stdout.trim();
      } catch {
        return null;
      }
    },
    inspectRedis: (url) => inspectRedis(url),
    findExecutable: (name) => findExecutable(name),
    async inspectSandbox(env): Promise<SandboxFacts> {
      const [bwrapPath, unsharePath, ipPath] = await Promise.all([
        findExecutable("bwrap"),
        findExecutable("unshare"),
        findExecutable("ip"),
      ]);
      const userNamespaces = unsharePath !== null && (await canUnshare(unsharePath));
      const selfTest = await (options.testSandbox ?? testSandbox)(env);
      return { bwrapPath, unsharePath, ipPath, userNamespaces, selfTest };
    },
    readPrivateKey: (env) => readPrivateKey(env),
    async loadPool(file): Promise<PoolFacts> {
      try {
        return { loaded: true, config: await loadPoolConfig(file) };
      } catch (error) {
        if (!(error instanceof PoolConfigError)) throw error;
        return {
          loaded: false,
          issues: error.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)),
        };
      }
    },
    async inspectModelFile(file, contextSizes) {
      const runtime = await getLlamaOnce();
      return inspectModelFile(file, contextSizes, "error" in runtime ? null : runtime);
    },
    async inspectHardware() {
      return inspectHardware(await getLlamaOnce());
    },
    inspectEndpoint: (endpoint, apiKey) => inspectEndpoint(endpoint, apiKey),
    async dispose() {
      const runtime = await llama;
      if (runtime !== undefined && !("error" in runtime)) await runtime.dispose();
    },
  };
}

async function startLlama(logger: Logger): Promise<Llama | { readonly error: string }> {
  try {
    const runtime = await import("node-llama-cpp");
    return await runtime.getLlama({
      gpu: "auto",
      // The doctor reports on the prebuilt binaries; it never starts a multi-minute compile.
      build: "never",
      logLevel: runtime.LlamaLogLevel.error,
      logger: (_level, message) => logger.debug({ source: "llama.cpp" }, message.trim()),
    });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The same self-test `createSandbox` runs before Quorum first runs repository code. */
async function testSandbox(env: NodeJS.ProcessEnv): Promise<SandboxSelfTest> {
  let settings: SandboxSettings;
  try {
    settings = readSandboxSettings(env);
  } catch (error) {
    if (!(error instanceof SandboxRequestError)) throw error;
    return { outcome: "unavailable", detail: error.message };
  }
  try {
    // Its own logs would repeat what the doctor line says.
    const sandbox = await createSandbox({
      mode: settings.mode,
      uids: settings.uids,
      logger: pino({ level: "silent" }),
    });
    return { outcome: sandbox.isolated ? "isolated" : "unisolated", detail: sandbox.description };
  } catch (error) {
    if (!(error instanceof SandboxUnavailableError)) throw error;
    return {
      outcome: "unavailable",
      detail: error.attempts.map((a) => `${a.mechanism}: ${a.reason}`).join("; "),
    };
  }
}

/** Unprivileged user + network namespaces are what a rootless sandbox is built from. */
async function canUnshare(unsharePath: string): Promise<boolean> {
  try {
    await run(unsharePath, ["--user", "--map-root-user", "--net", "true"], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}
