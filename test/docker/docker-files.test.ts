import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { pino } from "pino";
import { Probot, Server } from "probot";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
async function readDockerfile(): Promise<Instruction[][]> {
  const text = await readFile("Dockerfile", "utf8");
  const logical = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const stages: Instruction[][] = [];
  for (const line of logical) {
    const [keyword = "", ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    if (instruction.keyword === "FROM") stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

function argsOf(stage: readonly Instruction[], keyword: string): string[] {
  return stage.filter((i) => i.keyword === keyword).map((i) => i.args);
}

async function listSourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe("Dockerfile", () => {
  it("builds in stages from node:20-slim and runs as a non-root user with git, models mounted at /models", async () => {
    const stages = await readDockerfile();
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]?.args).toMatch(/^node:20-slim\b/);
    const runtime = stages.at(-1)!;
    const user = argsOf(runtime, "USER").at(-1);
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user);
    expect(argsOf(runtime, "RUN").join(" ")).toMatch(/apt-get install[^&]*\bgit\b/);
    expect(argsOf(runtime, "VOLUME").join(" ")).toContain("/models");
    expect(argsOf(runtime, "ENV").join(" ")).toMatch(/QUORUM_POOL=\/models\/pool\.yml/);
    expect(stages.flatMap((s) => argsOf(s, "RUN")).join(" ")).toContain("npm ci --omit=dev");
    expect(argsOf(runtime, "ENTRYPOINT")[0]).toContain("bin/quorum.js");
  });

  it("installs every package the shipped code imports, although dev dependencies are omitted", async () => {
    const pkg = JSON.parse(await readFile("package.json", "utf8")) as {
      dependencies: Record<string, string>;
    };
    const files = [...(await listSourceFiles("src")), ...(await listSourceFiles("bin"))];
    const imported = new Set<string>();
    for (const file of files) {
      const text = await readFile(file, "utf8");
      // Static imports and re-exports (no parentheses, quotes or `=` before `from`), bare imports, import().
      const statements =
        /^\s*(?:import|export)\s[^"();=]*?\bfrom\s+"([^"]+)"|^\s*import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm;
      for (const match of text.matchAll(statements)) {
        const specifier = match[1] ?? match[2] ?? match[3] ?? "";
        if (specifier.startsWith(".")) continue;
        const name = specifier.startsWith("@")
          ? specifier.split("/").slice(0, 2).join("/")
          : specifier.split("/")[0];
        if (name !== undefined && !specifier.startsWith("node:") && !builtinModules.includes(name))
          imported.add(name);
      }
    }
    // bin/quorum.js runs the TypeScript sources through tsx, so it must be among them.
    expect(imported).toContain("tsx");
    expect(imported).toContain("probot");
    const missing = [...imported].filter((name) => !(name in pkg.dependencies));
    expect(missing, "imported by src/ or bin/ but not in dependencies").toEqual([]);
  });

  it("copies only files that exist and that .dockerignore lets through", async () => {
    const stages = await readDockerfile();
    const ignored = (await readFile(".dockerignore", "utf8"))
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    const sources = stages
      .flatMap((stage) => argsOf(stage, "COPY"))
      .filter((args) => !args.startsWith("--from"))
      .flatMap((args) => args.split(/\s+/).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(["package.json", "package-lock.json", "bin", "src"]));
    for (const source of sources) {
      await expect(stat(source), source).resolves.toBeDefined();
      expect(ignored, source).not.toContain(source);
    }
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", "models", ".env", "*.pem"]));
  });

  it("has a HEALTHCHECK command that passes against Probot's /ping", async () => {
    const stages = await readDockerfile();
    const healthcheck = argsOf(stages.at(-1)!, "HEALTHCHECK")[0] ?? "";
    const exec = /CMD\s+(\[.*\])\s*$/.exec(healthcheck)?.[1];
    expect(exec).toBeDefined();
    const [program, ...args] = JSON.parse(exec!) as string[];
    expect(program).toBe("node");

    const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs1",
      format: "pem",
    }) as string;
    const server = new Server({
      Probot: Probot.defaults({ appId: 1, privateKey, secret: "test", log: pino({ level: "silent" }) }),
      port: 0,
      host: "127.0.0.1",
      log: pino({ level: "silent" }),
    });
    await server.start();
    try {
      const healthy = await run(process.execPath, args, {
        env: { ...process.env, PORT: String(server.port) },
      });
      expect(healthy.stderr).toBe("");
    } finally {
      await server.stop();
    }
    // Nothing listening any more: the same command must report unhealthy.
    await expect(
      run(process.execPath, args, { env: { ...process.env, PORT: String(server.port) } }),
    ).rejects.toThrow();
  });
});

describe("docker-compose.yml", () => {
  interface Service {
    image?: string;
    command?: string[];
    environment?: Record<string, string>;
    volumes?: string[];
    depends_on?: Record<string, { condition: string }>;
    healthcheck?: unknown;
    ports?: string[];
  }

  async function readCompose(): Promise<{ services: Record<string, Service> }> {
    return parse(await readFile("docker-compose.yml", "utf8")) as { services: Record<string, Service> };
  }

  function flagValue(command: readonly string[], flag: string): string | undefined {
    const index = command.indexOf(flag);
    return index === -1 ? undefined : command[index + 1];
  }

  it("runs Redis with the append-only file on and noeviction, on a persistent volume", async () => {
    const { services } = await readCompose();
    const redis = services.redis!;
    expect(redis.image).toMatch(/^redis:/);
    expect(flagValue(redis.command ?? [], "--appendonly")).toBe("yes");
    expect(flagValue(redis.command ?? [], "--maxmemory-policy")).toBe("noeviction");
    expect(redis.volumes?.some((v) => v.endsWith(":/data"))).toBe(true);
    expect(redis.healthcheck).toBeDefined();
  });

  it("points Quorum at that Redis and at a pool file on the read-only /models mount", async () => {
    const { services } = await readCompose();
    const quorum = services.quorum!;
    const env = quorum.environment ?? {};
    expect(new URL(env.REDIS_URL ?? "").hostname).toBe("redis");
    expect(quorum.depends_on?.redis?.condition).toBe("service_healthy");
    const models = quorum.volumes?.find((v) => v.split(":")[1] === "/models");
    expect(models?.endsWith(":ro")).toBe(true);
    expect(env.QUORUM_POOL?.startsWith("/models/")).toBe(true);
    // The mounted folder holds the pool file it names, so `docker compose up` works out of the box.
    const hostFolder = models!.split(":")[0]!;
    await expect(stat(join(hostFolder, env.QUORUM_POOL!.slice("/models/".length)))).resolves.toBeDefined();
    expect(quorum.ports).toContain(`${env.PORT ?? "3000"}:${env.PORT ?? "3000"}`);
  });
});
