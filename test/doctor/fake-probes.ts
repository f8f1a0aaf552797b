import type { PoolConfig } from "../../src/config/index.ts";
import type {
  DoctorProbes,
  EndpointFacts,
  HardwareFacts,
  ModelFileFacts,
  PoolFacts,
  PrivateKeyFacts,
  RedisFacts,
  SandboxFacts,
} from "../../src/doctor/index.ts";

export const gib = 1024 ** 3;
export const mib = 1024 ** 2;

export interface FakeMachine {
  nodeVersion: string;
  gitVersion: string | null;
  redis: RedisFacts;
  executables: Record<string, string>;
  sandbox: SandboxFacts;
  privateKey: PrivateKeyFacts;
  pool: PoolFacts;
  modelFiles: Record<string, ModelFileFacts>;
  hardware: HardwareFacts;
  endpoints: Record<string, EndpointFacts>;
}

export const healthyPool: PoolConfig = {
  demo: false,
  reserveMemoryMb: 1024,
  models: [
    {
      name: "coder-7b",
      file: "/models/coder-7b.gguf",
      roles: ["review"],
      weight: 1,
      instances: 3,
      contextSize: 8192,
    },
  ],
};

/** A well-set-up 32 GB mini PC: every check should say ok. */
export function describeHealthyMachine(): FakeMachine {
  return {
    nodeVersion: "20.19.1",
    gitVersion: "2.43.0",
    redis: {
      reachable: true,
      version: "7.2.4",
      appendOnly: true,
      saveRules: "3600 1",
      maxmemoryPolicy: "noeviction",
      maxmemoryBytes: 0,
    },
    executables: { "redis-server": "/usr/bin/redis-server" },
    sandbox: {
      bwrapPath: "/usr/bin/bwrap",
      unsharePath: "/usr/bin/unshare",
      ipPath: "/usr/sbin/ip",
      userNamespaces: true,
    },
    privateKey: { source: "none" },
    pool: { loaded: true, config: healthyPool },
    modelFiles: {
      "/models/coder-7b.gguf": {
        file: "/models/coder-7b.gguf",
        readable: true,
        sizeBytes: 4.4 * gib,
        kind: "gguf",
        gguf: {
          version: 3,
          architecture: "qwen2",
          quantisation: "Q4_K_M",
          parameters: 7.6e9,
          trainContextSize: 32768,
          costs: {
            totalLayers: 28,
            weightsBytes: 4.4 * gib,
            contextCosts: [{ contextSize: 8192, fixedBytes: 300 * mib, perInstanceBytes: 8192 * 56 * 1024 }],
          },
        },
      },
    },
    hardware: {
      cores: 8,
      cpuModel: "AMD Ryzen 7 5800U",
      totalRamBytes: 32 * gib,
      availableRamBytes: 28 * gib,
      gpu: false,
    },
    endpoints: {},
  };
}

/** Probes that answer from plain data; `disposed` tells whether the doctor released them. */
export function createFakeProbes(machine: FakeMachine): DoctorProbes & {
  disposed: boolean;
  redisUrls: string[];
  endpointRequests: { endpoint: string; apiKey: string | undefined }[];
} {
  const probes = {
    disposed: false,
    redisUrls: [] as string[],
    readNodeVersion: () => machine.nodeVersion,
    readGitVersion: () => Promise.resolve(machine.gitVersion),
    inspectRedis: (url: string) => {
      probes.redisUrls.push(url);
      return Promise.resolve(machine.redis);
    },
    findExecutable: (name: string) => Promise.resolve(machine.executables[name] ?? null),
    inspectSandbox: () => Promise.resolve(machine.sandbox),
    readPrivateKey: () => Promise.resolve(machine.privateKey),
    loadPool: () => Promise.resolve(machine.pool),
    inspectModelFile: (file: string) =>
      Promise.resolve(
        machine.modelFiles[file] ?? {
          file,
          readable: false as const,
          error: "ENOENT: no such file or directory",
        },
      ),
    inspectHardware: () => Promise.resolve(machine.hardware),
    endpointRequests: [] as { endpoint: string; apiKey: string | undefined }[],
    inspectEndpoint: (endpoint: string, apiKey: string | undefined) => {
      probes.endpointRequests.push({ endpoint, apiKey });
      return Promise.resolve(
        machine.endpoints[endpoint] ?? { reachable: false as const, error: "ECONNREFUSED" },
      );
    },
    dispose: () => {
      probes.disposed = true;
      return Promise.resolve();
    },
  };
  return probes;
}
