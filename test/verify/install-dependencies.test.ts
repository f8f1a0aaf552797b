import { chmod, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildLaunchArgv,
  createSandbox,
  defaultSandboxLimits,
  findExecutable,
  installDependencies,
  planDependencyInstall,
  type DependencyInstall,
  type Sandbox,
} from "../../src/verify/index.ts";
import { startFakeNpmRegistry, type FakeNpmRegistry } from "./fake-npm-registry.ts";
import { installedMechanisms, silentLogger } from "./sandbox-helpers.ts";

const mechanisms = await installedMechanisms();

/** Runs inside the sandbox: what the registry-only network lets through, as JSON. */
const networkProbe = `
const http = require("node:http");
const net = require("node:net");
const [registry, other, otherAuthority, directHost, directPort] = process.argv.slice(1);
const proxy = new URL(process.env.HTTP_PROXY);
const get = (url) => new Promise((resolve) => {
  const req = http.request({ host: proxy.hostname, port: proxy.port, path: url }, (res) => { res.resume(); resolve(res.statusCode); });
  req.on("error", (e) => resolve(e.code));
  req.end();
});
const tunnel = (authority) => new Promise((resolve) => {
  const req = http.request({ host: proxy.hostname, port: proxy.port, method: "CONNECT", path: authority });
  req.on("connect", (res, socket) => { socket.destroy(); resolve(res.statusCode); });
  req.on("error", (e) => resolve(e.code));
  req.end();
});
const direct = (host, port) => new Promise((resolve) => {
  const socket = net.connect(Number(port), host);
  const timer = setTimeout(() => { socket.destroy(); resolve("timeout"); }, 3000);
  socket.on("connect", () => { clearTimeout(timer); socket.destroy(); resolve("connected"); });
  socket.on("error", (e) => { clearTimeout(timer); resolve(e.code); });
});
(async () => {
  console.log(JSON.stringify({
    registry: await get(registry + "quorum-pad"),
    other: await get(other),
    tunnel: await tunnel(otherAuthority),
    direct: await direct(directHost, directPort),
  }));
})();
`;

describe.each(mechanisms)("dependency install in the sandbox (%s)", (mechanism) => {
  let sandbox: Sandbox;
  let root: string;
  let registry: FakeNpmRegistry;
  let install: DependencyInstall;

  beforeAll(async () => {
    sandbox = await createSandbox({ mode: mechanism, logger: silentLogger });
    root = await mkdtemp(join(tmpdir(), "quorum-install-"));
    await chmod(root, 0o711);
    registry = await startFakeNpmRegistry();
    const plan = planDependencyInstall(
      ["package.json", "package-lock.json"],
      registry.projectFiles()["package.json"],
    );
    if (plan.kind !== "install") throw new Error(`expected an install plan, got ${plan.kind}`);
    install = { plan };
  });

  afterAll(async () => {
    await registry.close();
    await rm(root, { recursive: true, force: true });
  });

  async function project(): Promise<string> {
    const dir = await mkdtemp(join(root, "project-"));
    await chmod(dir, 0o755);
    for (const [path, content] of Object.entries(registry.projectFiles()))
      await writeFile(join(dir, path), content);
    return dir;
  }

  it("with no registry allowed, fails fast without reaching anything, and the step says there was no network", async () => {
    const dir = await project();
    const before = registry.requests.length;
    const step = await installDependencies({ sandbox, dir, install });
    expect(step).toMatchObject({
      name: "install dependencies (no network: no registry allowed by the operator)",
      command: "npm ci --ignore-scripts",
      outcome: "failed",
      ok: false,
    });
    expect(registry.requests.length).toBe(before);
    expect(await readdir(dir)).not.toContain("node_modules");
  });

  it("with the operator's registry, installs from it; the installed package then works without network", async () => {
    const dir = await project();
    const step = await installDependencies({ sandbox, dir, install: { ...install, registry: registry.url } });
    expect(step).toMatchObject({ outcome: "passed", ok: true });
    expect(step.name).toBe(`install dependencies (network: ${new URL(registry.url).origin} only)`);
    expect(registry.requests).toContain(`/${registry.packageName}/-/${registry.packageName}-1.0.0.tgz`);
    const use = await sandbox.run({
      command: ["node", "-e", `console.log(JSON.stringify(require("${registry.packageName}").pad("x", 3)))`],
      cwd: dir,
    });
    expect(use.output.trim()).toBe('"  x"');
  });

  it("lets the install reach the registry and nothing else: other hosts are refused, direct connections fail", async () => {
    let otherHits = 0;
    const other: Server = createServer((_request, response) => {
      otherHits += 1;
      response.end("reached");
    });
    await new Promise<void>((resolve) => other.listen(0, "0.0.0.0", resolve));
    const port = (other.address() as AddressInfo).port;
    const host =
      Object.values(networkInterfaces())
        .flat()
        .find((address) => address !== undefined && !address.internal && address.family === "IPv4")
        ?.address ?? "127.0.0.1";
    try {
      const result = await sandbox.run({
        command: [
          "node",
          "-e",
          networkProbe,
          registry.url,
          `http://${host}:${port}/`,
          `${host}:${port}`,
          host,
          String(port),
        ],
        cwd: await project(),
        network: { registry: registry.url },
      });
      const report = JSON.parse(result.output.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
      expect(report.registry).toBe(200);
      expect(report.other).toBe(403);
      expect(report.tunnel).toBe(403);
      expect(report.direct).not.toBe("connected");
      expect(otherHits).toBe(0);
    } finally {
      other.close();
    }
  });
});

describe("registry-only network set-up", () => {
  it("unshare brings up loopback with `ip` while still privileged, before limits and the uid drop", () => {
    const argv = buildLaunchArgv({
      mechanism: "unshare",
      tools: { unshare: "/usr/bin/unshare", prlimit: "/usr/bin/prlimit", setpriv: "/usr/bin/setpriv" },
      limits: defaultSandboxLimits,
      command: ["npm", "ci"],
      cwd: "/w",
      writableDirs: ["/w"],
      runAs: { uid: 200_001, gid: 200_001 },
      loopback: "/usr/sbin/ip",
    });
    const separator = argv.indexOf("--");
    expect(argv.slice(separator + 1, separator + 6)).toEqual([
      "/bin/sh",
      "-c",
      '"$1" link set lo up && shift && exec "$@"',
      "sh",
      "/usr/sbin/ip",
    ]);
    expect(argv[separator + 6]).toBe("/usr/bin/prlimit");
    expect(argv.slice(-2)).toEqual(["npm", "ci"]);
  });

  it.runIf(mechanisms.includes("unshare"))(
    "without `ip`, unshare cannot give registry-only network: the install step is refused and says what to install",
    async () => {
      const tools = await mkdtemp(join(tmpdir(), "quorum-no-ip-"));
      try {
        for (const tool of ["unshare", "prlimit", "setpriv"]) {
          const path = await findExecutable(tool);
          if (path !== undefined) await symlink(path, join(tools, tool));
        }
        const sandbox = await createSandbox({ mode: "unshare", searchPath: tools, logger: silentLogger });
        const plan = planDependencyInstall(
          ["package.json", "package-lock.json"],
          '{"dependencies":{"a":"1"}}',
        );
        if (plan.kind !== "install") throw new Error("expected an install plan");
        const step = await installDependencies({
          sandbox,
          dir: tools,
          install: { plan, registry: "http://127.0.0.1:9/" },
        });
        expect(step).toMatchObject({ outcome: "refused", ok: false });
        expect(step.problems?.[0]).toMatch(/^dependencies could not be installed: .*needs `ip` \(iproute2\)/);
      } finally {
        await rm(tools, { recursive: true, force: true });
      }
    },
  );
});
