// Run by unprivileged-sandbox.test.ts as a non-root user: creates a sandbox the way a worker that
// does not run as root would, exercises it, and prints one JSON report.
import { createServer } from "node:http";
import { pino } from "pino";
import { createSandbox, type SandboxMode } from "../../src/verify/index.ts";

const mode = (process.argv[2] ?? "unshare") as SandboxMode;
const port = process.argv[3] ?? "1";
const sandbox = await createSandbox({ mode, logger: pino({ level: "silent" }) });
const connect = await sandbox.run({
  command: [
    "node",
    "-e",
    `require("node:net").connect(${port}, "127.0.0.1").on("connect", () => console.log("CONNECTED")).on("error", (e) => console.log("BLOCKED " + e.code))`,
  ],
  cwd: "/tmp",
  writableDirs: [],
});
const bomb = await sandbox.run({
  command: [
    "node",
    "-e",
    `const { spawn } = require("node:child_process"); let started = 0;
     const next = () => { const c = spawn("sleep", ["60"], { stdio: "ignore" });
       c.once("spawn", () => { started += 1; if (started < 1000) next(); else done("no limit"); });
       c.once("error", (e) => done(e.code)); };
     const done = (why) => { console.log(JSON.stringify({ started, why })); process.exit(0); }; next();`,
  ],
  cwd: "/tmp",
  writableDirs: [],
  limits: { processes: 40, timeoutMs: 30_000 },
});
// Registry-only network (dependency installs): the proxy must be reachable from the user namespace.
const registry = createServer((_request, response) => response.end("registry-ok"));
await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
const registryUrl = `http://127.0.0.1:${(registry.address() as { port: number }).port}/`;
const viaRegistry = await sandbox.run({
  command: [
    "node",
    "-e",
    `const proxy = new URL(process.env.HTTP_PROXY);
     require("node:http").get({ host: proxy.hostname, port: proxy.port, path: process.argv[1] + "pkg" }, (r) => {
       let body = ""; r.on("data", (d) => (body += d)); r.on("end", () => console.log(r.statusCode + " " + body));
     }).on("error", (e) => console.log("ERROR " + e.code));`,
    registryUrl,
  ],
  cwd: "/tmp",
  writableDirs: [],
  network: { registry: registryUrl },
});
registry.close();
console.log(
  JSON.stringify({
    description: sandbox.description,
    connect: connect.output.trim(),
    registry: viaRegistry.output.trim(),
    bomb: JSON.parse(bomb.output.trim().split("\n").at(-1) ?? "{}") as unknown,
  }),
);
