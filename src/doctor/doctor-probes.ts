import type { PoolConfig } from "../config/index.ts";
import type { ModelCosts } from "../pool/index.ts";

/** What `INFO` (and, where allowed, `CONFIG GET`) says about the Redis at REDIS_URL. */
export type RedisFacts =
  | { readonly reachable: false; readonly error: string }
  | {
      readonly reachable: true;
      readonly version: string;
      /** `aof_enabled` from `INFO persistence`. */
      readonly appendOnly: boolean;
      /** `CONFIG GET save` (e.g. "3600 1 300 100"); "" when snapshots are off; null when CONFIG is disabled. */
      readonly saveRules: string | null;
      /** `maxmemory_policy` from `INFO memory`. */
      readonly maxmemoryPolicy: string;
      /** `maxmemory` in bytes; 0 means no limit. */
      readonly maxmemoryBytes: number;
    };

/** What the verify sandbox's own start-up self-test concluded. */
export interface SandboxSelfTest {
  /** `isolated`: a mechanism passed; `unisolated`: QUORUM_SANDBOX=off; `unavailable`: nothing passed. */
  readonly outcome: "isolated" | "unisolated" | "unavailable";
  /** The sandbox's description, or what was tried and why it failed. */
  readonly detail: string;
}

export interface SandboxFacts {
  /** The verify sandbox's self-test; absent when it was not run (then only the tools were checked). */
  readonly selfTest?: SandboxSelfTest;
  readonly bwrapPath: string | null;
  readonly unsharePath: string | null;
  /** iproute2's `ip`, which an `unshare` sandbox needs to reach the install registry's proxy. */
  readonly ipPath: string | null;
  /** Whether `unshare --user --map-root-user --net true` succeeded (unprivileged user + network namespaces). */
  readonly userNamespaces: boolean;
}

/** Where Probot would take the private key from, mirroring `@probot/get-private-key`'s order. */
export type PrivateKeyFacts =
  | { readonly source: "none" }
  | { readonly source: "PRIVATE_KEY"; readonly text: string }
  | { readonly source: "PRIVATE_KEY_PATH" | "pem-file"; readonly path: string; readonly text: string }
  | { readonly source: "PRIVATE_KEY_PATH" | "pem-file"; readonly path: string; readonly error: string };

export type ModelFileFacts =
  | { readonly file: string; readonly readable: false; readonly error: string }
  | {
      readonly file: string;
      readonly readable: true;
      readonly sizeBytes: number;
      /** What the first bytes say: a GGUF file, a Git LFS pointer checked out instead of the model, or neither. */
      readonly kind: "gguf" | "lfs-pointer" | "other";
      readonly gguf?: GgufFacts;
      /** Why the GGUF header could not be parsed although the magic was right. */
      readonly ggufError?: string;
    };

export interface GgufFacts {
  readonly version: number;
  readonly architecture: string;
  /** e.g. "Q4_K_M" (from `general.file_type`) or the dominant tensor type when the header has none. */
  readonly quantisation: string;
  readonly parameters?: number;
  readonly trainContextSize?: number;
  /** llama.cpp's memory estimate; absent when its estimator could not run. */
  readonly costs?: ModelCostFacts;
}

/** What the pool's planner needs of a model: weights, layers, and a context's cost at given sizes. */
export type ModelCostFacts = ModelCosts;

/** What an OpenAI-compatible endpoint answered to `GET {endpoint}/models`. */
export type EndpointFacts =
  | { readonly reachable: false; readonly error: string }
  | {
      readonly reachable: true;
      readonly status: number;
      /** Model ids listed by a 200 answer; null when the answer had no list. */
      readonly modelIds: readonly string[] | null;
    };

export interface HardwareFacts {
  readonly cores: number;
  readonly cpuModel: string;
  readonly totalRamBytes: number;
  /** Memory the process may still use: available RAM, capped by a container's memory limit. */
  readonly availableRamBytes: number;
  /** llama.cpp's GPU backend, or false for CPU only; null when llama.cpp could not start. */
  readonly gpu: string | false | null;
  readonly vram?: { readonly totalBytes: number; readonly freeBytes: number };
  /** Why llama.cpp could not start, when `gpu` is null. */
  readonly llamaError?: string;
}

export type PoolFacts =
  | { readonly loaded: true; readonly config: PoolConfig }
  | { readonly loaded: false; readonly issues: readonly string[] };

/**
 * Everything the doctor learns from the machine goes through this interface, so each check is a
 * function of plain data and the tests can describe any machine without having it.
 */
export interface DoctorProbes {
  readNodeVersion(): string;
  /** `git --version`'s version, or null when git is not on PATH. */
  readGitVersion(): Promise<string | null>;
  inspectRedis(url: string): Promise<RedisFacts>;
  /** Absolute path of an executable on PATH, or null. */
  findExecutable(name: string): Promise<string | null>;
  /** `env` carries the operator's QUORUM_SANDBOX choice. */
  inspectSandbox(env: NodeJS.ProcessEnv): Promise<SandboxFacts>;
  readPrivateKey(env: NodeJS.ProcessEnv): Promise<PrivateKeyFacts>;
  loadPool(file: string): Promise<PoolFacts>;
  /** Header facts, and the memory a context costs at each of `contextSizes`. */
  inspectModelFile(file: string, contextSizes: readonly number[]): Promise<ModelFileFacts>;
  inspectHardware(): Promise<HardwareFacts>;
  /** Asks an OpenAI-compatible endpoint for its models, with the API key when there is one. */
  inspectEndpoint(endpoint: string, apiKey: string | undefined): Promise<EndpointFacts>;
  /** Releases llama.cpp and any connection the probes opened. */
  dispose(): Promise<void>;
}
