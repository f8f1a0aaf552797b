// Run by unprivileged-sandbox.test.ts as a non-root user: creates a sandbox the way a worker that
// does not run as root would, exercises it, and prints one JSON report.
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
console.log(
  JSON.stringify({
    description: sandbox.description,
    connect: connect.output.trim(),
    bomb: JSON.parse(bomb.output.trim().split("\n").at(-1) ?? "{}") as unknown,
  }),
);
