import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  checkCredentials,
  checkEndpoint,
  checkDependencyInstall,
  checkModelFile,
  checkNode,
  checkRedis,
  checkSandbox,
  checkWebhook,
  type DoctorCheck,
  type RedisFacts,
} from "../../src/doctor/index.ts";
import { checkGit } from "../../src/doctor/check-git.ts";
import { checkPool } from "../../src/doctor/check-pool.ts";
import { healthyPool } from "./fake-probes.ts";

const rsaPem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
  type: "pkcs1",
  format: "pem",
}) as string;
const ecPem = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
  type: "pkcs8",
  format: "pem",
}) as string;
const secret = "a-webhook-secret-nobody-should-see";

function verdictsOf(lines: readonly DoctorCheck[]): string[] {
  return lines.map((l) => `${l.section} ${l.name}: ${l.verdict}`);
}

function expectFixOnEveryProblem(lines: readonly DoctorCheck[]): void {
  for (const line of lines) {
    if (line.verdict === "ok") expect(line.fix).toBeUndefined();
    else expect(line.fix, `${line.section} ${line.name}`).toMatch(/\S/);
  }
}

describe("checkNode", () => {
  it("accepts 20.19 and newer and fails older versions with the fix", () => {
    expect(checkNode("20.19.0").verdict).toBe("ok");
    expect(checkNode("v20.20.2").verdict).toBe("ok");
    expect(checkNode("22.1.0").verdict).toBe("ok");
    const old = checkNode("20.9.0");
    expect(old.verdict).toBe("fail");
    expect(old.detail).toContain("20.9.0");
    expect(old.fix).toContain("20.19.0");
    expect(checkNode("18.20.4").verdict).toBe("fail");
  });
});

describe("checkGit", () => {
  it("fails when git is missing and says how to install it", () => {
    expect(checkGit("2.39.5")).toMatchObject({ verdict: "ok", detail: "2.39.5" });
    expect(checkGit(null)).toMatchObject({
      verdict: "fail",
      fix: expect.stringContaining("apt-get install git"),
    });
  });
});

describe("checkRedis", () => {
  const good: RedisFacts = {
    reachable: true,
    version: "7.0.15",
    appendOnly: true,
    saveRules: "",
    maxmemoryPolicy: "noeviction",
    maxmemoryBytes: 0,
  };
  const url = "redis://:hunter2@redis.internal:6379";

  it("is all ok for a persistent noeviction Redis", () => {
    const lines = checkRedis({ url, configured: true, facts: good, redisServerPath: null });
    expect(verdictsOf(lines)).toEqual([
      "redis server: ok",
      "redis persistence: ok",
      "redis maxmemory-policy: ok",
    ]);
  });

  it("warns about an evicting policy with the exact CONFIG SET fix, never printing the password", () => {
    const lines = checkRedis({
      url,
      configured: true,
      facts: { ...good, maxmemoryPolicy: "allkeys-lru", maxmemoryBytes: 2 * 1024 ** 3 },
      redisServerPath: null,
    });
    const eviction = lines.find((l) => l.name === "maxmemory-policy");
    expect(eviction?.verdict).toBe("warn");
    expect(eviction?.detail).toContain("allkeys-lru");
    expect(eviction?.detail).toContain("2.0 GB");
    expect(eviction?.fix).toContain("CONFIG SET maxmemory-policy noeviction");
    expect(eviction?.fix).toContain("maxmemory-policy noeviction` in redis.conf");
    expect(eviction?.fix).toContain("redis.internal:6379");
    expect(JSON.stringify(lines)).not.toContain("hunter2");
  });

  it("warns when jobs would not survive a restart, distinguishing snapshots from nothing at all", () => {
    const snapshots = checkRedis({
      url,
      configured: true,
      facts: { ...good, appendOnly: false, saveRules: "3600 1 300 100" },
      redisServerPath: null,
    }).find((l) => l.name === "persistence");
    const nothing = checkRedis({
      url,
      configured: true,
      facts: { ...good, appendOnly: false, saveRules: "" },
      redisServerPath: null,
    }).find((l) => l.name === "persistence");
    expect(snapshots).toMatchObject({ verdict: "warn", detail: expect.stringContaining("3600 1 300 100") });
    expect(nothing).toMatchObject({
      verdict: "warn",
      detail: expect.stringContaining("lost when Redis restarts"),
    });
    expect(nothing?.fix).toContain("CONFIG SET appendonly yes");
  });

  it("fails a Redis older than BullMQ supports", () => {
    const [server] = checkRedis({
      url,
      configured: true,
      facts: { ...good, version: "4.0.14" },
      redisServerPath: null,
    });
    expect(server).toMatchObject({ verdict: "fail", detail: expect.stringContaining("4.0.14") });
  });

  it("tells apart a configured Redis that is down, a private server to come, and nothing to start", () => {
    const down: RedisFacts = { reachable: false, error: "connect ECONNREFUSED 127.0.0.1:6379" };
    const configured = checkRedis({
      url,
      configured: true,
      facts: down,
      redisServerPath: "/usr/bin/redis-server",
    });
    const privateServer = checkRedis({
      url,
      configured: false,
      facts: down,
      redisServerPath: "/usr/bin/redis-server",
    });
    const nothing = checkRedis({ url, configured: false, facts: down, redisServerPath: null });
    expect(configured).toMatchObject([
      { verdict: "fail", fix: expect.stringContaining("apt-get install redis-server") },
    ]);
    expect(privateServer).toMatchObject([
      { verdict: "warn", detail: expect.stringContaining("private redis-server") },
    ]);
    expect(nothing).toMatchObject([{ verdict: "fail", fix: expect.stringContaining("brew install redis") }]);
    expectFixOnEveryProblem([...configured, ...privateServer, ...nothing]);
  });
});

describe("checkSandbox", () => {
  it("prefers the sandbox's own self-test when there is one", () => {
    const base = { bwrapPath: null, unsharePath: "/usr/bin/unshare", ipPath: null, userNamespaces: true };
    const detail = "bwrap (no network, rlimits, 600 s)";
    expect(checkSandbox({ ...base, selfTest: { outcome: "isolated", detail } })).toMatchObject({
      verdict: "ok",
      detail,
    });
    const unavailable = checkSandbox({
      ...base,
      selfTest: { outcome: "unavailable", detail: "bwrap: setting up uid map: Permission denied" },
    });
    expect(unavailable).toMatchObject({ verdict: "warn", fix: expect.stringContaining("bubblewrap") });
    expect(unavailable.detail).toContain("Permission denied");
    const off = checkSandbox({ ...base, selfTest: { outcome: "unisolated", detail: "none" } });
    expect(off).toMatchObject({ verdict: "warn", detail: expect.stringContaining("WITHOUT isolation") });
  });

  it("checks the namespace tools when there is no self-test", () => {
    expect(
      checkSandbox({ bwrapPath: null, unsharePath: "/usr/bin/unshare", ipPath: null, userNamespaces: true })
        .verdict,
    ).toBe("ok");
    const blocked = checkSandbox({
      bwrapPath: null,
      unsharePath: "/usr/bin/unshare",
      ipPath: null,
      userNamespaces: false,
    });
    expect(blocked).toMatchObject({ verdict: "warn", detail: expect.stringContaining("not be verified") });
    expect(blocked.fix).toContain("apt-get install bubblewrap");
  });
});

describe("checkDependencyInstall", () => {
  const tools = {
    bwrapPath: null,
    unsharePath: "/usr/bin/unshare",
    ipPath: "/usr/sbin/ip",
    userNamespaces: true,
  };

  it("says installs have no network when no registry is configured", () => {
    expect(checkDependencyInstall(undefined, tools)).toMatchObject({
      verdict: "ok",
      detail: expect.stringContaining("run with no network"),
    });
  });

  it("names the only registry installs may reach, without its credentials", () => {
    const line = checkDependencyInstall("https://npm.example.com/", tools);
    expect(line).toMatchObject({
      verdict: "ok",
      detail: expect.stringContaining("only https://npm.example.com"),
    });
  });

  it("warns, with the package to install, when an unshare sandbox has no `ip` to reach the proxy", () => {
    const line = checkDependencyInstall("https://npm.example.com/", { ...tools, ipPath: null });
    expect(line).toMatchObject({ verdict: "warn", fix: expect.stringContaining("apt-get install iproute2") });
    expect(
      checkDependencyInstall("https://npm.example.com/", {
        ...tools,
        ipPath: null,
        bwrapPath: "/usr/bin/bwrap",
      }).verdict,
    ).toBe("ok");
  });
});

describe("checkCredentials", () => {
  const env = { APP_ID: "123456", WEBHOOK_SECRET: secret };

  it("accepts an RSA key however Probot accepts it: PEM, escaped newlines, base64, or a file", () => {
    const forms = [
      rsaPem,
      rsaPem.trim().replace(/\n/g, "\\n"),
      Buffer.from(rsaPem).toString("base64"),
      rsaPem.trim().replace(/\n/g, ""),
    ];
    for (const text of forms) {
      const lines = checkCredentials({ env, privateKey: { source: "PRIVATE_KEY", text } });
      expect(verdictsOf(lines)).toEqual(["app APP_ID: ok", "app private key: ok", "app WEBHOOK_SECRET: ok"]);
    }
    const fromFile = checkCredentials({
      env,
      privateKey: { source: "PRIVATE_KEY_PATH", path: "/etc/quorum/app.pem", text: rsaPem },
    });
    expect(fromFile[1]?.detail).toContain("/etc/quorum/app.pem");
  });

  it("never prints the key or the webhook secret", () => {
    const lines = [
      ...checkCredentials({ env, privateKey: { source: "PRIVATE_KEY", text: rsaPem } }),
      ...checkCredentials({ env, privateKey: { source: "PRIVATE_KEY", text: "not a key at all" } }),
    ];
    const printed = JSON.stringify(lines);
    const keyBody = rsaPem.split("\n")[1] ?? "";
    expect(keyBody.length).toBeGreaterThan(20);
    expect(printed).not.toContain(keyBody);
    expect(printed).not.toContain(secret);
    expect(printed).not.toContain("not a key at all");
  });

  it("fails unusable keys with a fix", () => {
    const notPem = checkCredentials({ env, privateKey: { source: "PRIVATE_KEY", text: "ssh-rsa AAAA" } })[1];
    const ec = checkCredentials({ env, privateKey: { source: "PRIVATE_KEY", text: ecPem } })[1];
    const broken = checkCredentials({
      env,
      privateKey: {
        source: "PRIVATE_KEY",
        text: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
      },
    })[1];
    const missingFile = checkCredentials({
      env,
      privateKey: {
        source: "PRIVATE_KEY_PATH",
        path: "/nope/app.pem",
        error: "ENOENT: no such file or directory",
      },
    })[1];
    expect(notPem).toMatchObject({
      verdict: "fail",
      detail: expect.stringContaining("not a PEM private key"),
    });
    expect(ec).toMatchObject({ verdict: "fail", detail: expect.stringContaining("ec key") });
    expect(broken).toMatchObject({ verdict: "fail", detail: expect.stringContaining("does not parse") });
    expect(missingFile).toMatchObject({ verdict: "fail", detail: expect.stringContaining("/nope/app.pem") });
    expectFixOnEveryProblem([notPem!, ec!, broken!, missingFile!]);
  });

  it("fails a missing or default webhook secret and a bad APP_ID", () => {
    const privateKey = { source: "PRIVATE_KEY" as const, text: rsaPem };
    const noSecret = checkCredentials({ env: { APP_ID: "1" }, privateKey });
    const defaultSecret = checkCredentials({
      env: { APP_ID: "1", WEBHOOK_SECRET: "development" },
      privateKey,
    });
    const badId = checkCredentials({ env: { APP_ID: "my-app", WEBHOOK_SECRET: secret }, privateKey });
    expect(noSecret[2]).toMatchObject({ verdict: "fail", fix: expect.stringContaining("openssl rand") });
    expect(defaultSecret[2]?.verdict).toBe("fail");
    expect(badId[0]).toMatchObject({ verdict: "fail", detail: "not a positive integer" });
  });

  it("explains the setup flow when nothing is configured yet", () => {
    const lines = checkCredentials({ env: { PORT: "8080" }, privateKey: { source: "none" } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      verdict: "warn",
      fix: expect.stringContaining("http://localhost:8080"),
    });
  });
});

describe("checkWebhook", () => {
  it("shows a relay's origin but not its channel, which would let anyone read the payloads", () => {
    const [delivery] = checkWebhook({ WEBHOOK_PROXY_URL: "https://smee.io/AbCdEfSecretChannel" });
    expect(delivery).toMatchObject({ verdict: "ok", detail: expect.stringContaining("https://smee.io") });
    expect(delivery?.detail).not.toContain("AbCdEfSecretChannel");
  });

  it("states what GitHub must reach without a relay, and fails bad settings", () => {
    const [direct] = checkWebhook({ PORT: "8080" });
    expect(direct?.detail).toContain("port 8080 at /api/github/webhooks");
    expect(checkWebhook({ PORT: "http" })[0]).toMatchObject({ name: "PORT", verdict: "fail" });
    expect(checkWebhook({ WEBHOOK_PROXY_URL: "smee channel" })).toMatchObject([{ verdict: "fail" }]);
    expect(checkWebhook({ GHE_HOST: "github.example.com" }).at(-1)?.detail).toContain(
      "https://github.example.com",
    );
  });
});

describe("checkPool", () => {
  it("reports the pool, warns on a demo pool and on a pool that cannot review", () => {
    expect(verdictsOf(checkPool("pool.yml", { loaded: true, config: healthyPool }))).toEqual([
      "pool file: ok",
    ]);
    const demo = checkPool("pool.yml", { loaded: true, config: { ...healthyPool, demo: true } });
    expect(demo[1]).toMatchObject({
      name: "demo",
      verdict: "warn",
      fix: expect.stringContaining("models/README.md"),
    });
    const testsOnly = checkPool("pool.yml", {
      loaded: true,
      config: {
        ...healthyPool,
        models: healthyPool.models.map((m) => ({ ...m, roles: ["tests" as const] })),
      },
    });
    expect(testsOnly[1]).toMatchObject({ name: "roles", verdict: "warn" });
  });

  it("fails an invalid pool file listing every issue", () => {
    const [line] = checkPool("pool.yml", {
      loaded: false,
      issues: ["models[0].instances: Number must be less than or equal to 64", "models[1]: unknown key gpu"],
    });
    expect(line?.verdict).toBe("fail");
    expect(line?.detail).toContain("models[0].instances");
    expect(line?.detail).toContain("models[1]");
  });
});

describe("checkModelFile", () => {
  const model = { ...healthyPool.models[0]!, file: "/models/coder-7b.gguf" };

  it("describes a GGUF file: architecture, quantisation, size and trained context", () => {
    const [line] = checkModelFile(model, {
      file: model.file,
      readable: true,
      sizeBytes: 4_683_073_536,
      kind: "gguf",
      gguf: {
        version: 3,
        architecture: "qwen2",
        quantisation: "Q4_K_M",
        parameters: 7.6e9,
        trainContextSize: 32768,
      },
    });
    expect(line?.verdict).toBe("ok");
    for (const part of ["GGUF v3", "qwen2", "Q4_K_M", "4.4 GB", "7.6B parameters", "32,768"]) {
      expect(line?.detail).toContain(part);
    }
  });

  it("warns when contextSize exceeds what the model was trained on", () => {
    const lines = checkModelFile(
      { ...model, contextSize: 4096 },
      {
        file: model.file,
        readable: true,
        sizeBytes: 1_185_376,
        kind: "gguf",
        gguf: { version: 3, architecture: "llama", quantisation: "F32", trainContextSize: 2048 },
      },
    );
    expect(lines[1]).toMatchObject({ verdict: "warn", fix: expect.stringContaining("2,048 or less") });
  });

  it("warns when the file's quantisation is not the one the pool file prefers", () => {
    const facts = (quantisation: string) =>
      ({
        file: model.file,
        readable: true,
        sizeBytes: 8_100_000_000,
        kind: "gguf",
        gguf: { version: 3, architecture: "qwen2", quantisation },
      }) as const;
    const preferring = { ...model, quantization: ["Q4_K_M"] };
    const lines = checkModelFile(preferring, facts("Q8_0"));
    expect(lines[1]).toMatchObject({
      verdict: "warn",
      detail: expect.stringContaining("is Q8_0; the pool file prefers Q4_K_M"),
      fix: expect.stringContaining("node-llama-cpp pull"),
    });
    expect(checkModelFile(preferring, facts("Q4_K_M"))).toHaveLength(1);
    expect(checkModelFile(model, facts("Q8_0"))).toHaveLength(1);
  });

  it("fails missing, LFS-pointer, foreign and truncated files with the right fix", () => {
    const missing = checkModelFile(model, { file: model.file, readable: false, error: "ENOENT" });
    const pointer = checkModelFile(model, {
      file: model.file,
      readable: true,
      sizeBytes: 133,
      kind: "lfs-pointer",
    });
    const foreign = checkModelFile(model, { file: model.file, readable: true, sizeBytes: 9, kind: "other" });
    const truncated = checkModelFile(model, {
      file: model.file,
      readable: true,
      sizeBytes: 100,
      kind: "gguf",
      ggufError: "Unexpected end of file",
    });
    expect(missing[0]?.fix).toContain("node-llama-cpp pull");
    expect(pointer[0]?.fix).toContain("git lfs pull");
    expect(foreign[0]?.detail).toContain("not a GGUF file");
    expect(truncated[0]?.detail).toContain("truncated");
    expect([missing, pointer, foreign, truncated].map((l) => l[0]?.verdict)).toEqual([
      "fail",
      "fail",
      "fail",
      "fail",
    ]);
  });
});

describe("checkEndpoint", () => {
  const member = {
    name: "remote",
    endpoint: "http://127.0.0.1:8080/v1",
    model: "qwen2.5-coder-7b",
    apiKeyEnv: "REMOTE_KEY",
    roles: ["review" as const],
    weight: 1,
    instances: 4,
    contextSize: 2048,
  };
  const env = { REMOTE_KEY: "sk-do-not-print" };

  it("confirms an endpoint that serves the model, without printing the key", () => {
    const line = checkEndpoint({
      model: member,
      env,
      facts: { reachable: true, status: 200, modelIds: ["qwen2.5-coder-7b"] },
    });
    expect(line).toMatchObject({
      verdict: "ok",
      detail: expect.stringContaining('serves "qwen2.5-coder-7b"'),
    });
    expect(JSON.stringify(line)).not.toContain("sk-do-not-print");
  });

  it("fails a missing key variable or a refused key, and warns about a silent server or a wrong model id", () => {
    const noKey = checkEndpoint({ model: member, env: {}, facts: undefined });
    const refused = checkEndpoint({
      model: member,
      env,
      facts: { reachable: true, status: 401, modelIds: null },
    });
    const down = checkEndpoint({
      model: member,
      env,
      facts: { reachable: false, error: "fetch failed: ECONNREFUSED" },
    });
    const wrongId = checkEndpoint({
      model: member,
      env,
      facts: { reachable: true, status: 200, modelIds: ["llama3"] },
    });
    expect(noKey).toMatchObject({ verdict: "fail", detail: expect.stringContaining("REMOTE_KEY") });
    expect(refused).toMatchObject({ verdict: "fail", detail: expect.stringContaining("HTTP 401") });
    expect(down).toMatchObject({
      verdict: "warn",
      detail: expect.stringContaining("fall back to local models"),
    });
    expect(wrongId).toMatchObject({ verdict: "warn", detail: expect.stringContaining("llama3") });
    expectFixOnEveryProblem([noKey, refused, down, wrongId]);
  });
});
