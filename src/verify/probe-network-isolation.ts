import { createServer, type Server } from "node:net";
import type { SandboxRunResult } from "./sandbox.ts";

export interface NetworkProbeInput {
  /** Runs a command inside the sandbox under test. */
  readonly run: (command: readonly [string, ...string[]]) => Promise<SandboxRunResult>;
  /** The host's own non-loopback addresses, tried as well as 127.0.0.1. */
  readonly hostAddresses: readonly string[];
  /** Quorum is root, so the probe must report the throwaway uid, never 0. */
  readonly expectUidOutside: boolean;
}

/** Runs inside the sandbox: tries every target and prints what happened as JSON. */
const probeScript = `
const net = require("node:net");
const targets = JSON.parse(process.argv[1]);
const results = {};
let pending = targets.length;
const finish = () => {
  if (--pending > 0) return;
  console.log(JSON.stringify({ results, uid: process.getuid() }));
  process.exit(0);
};
for (const [host, port] of targets) {
  const key = host + ":" + port;
  const socket = net.connect({ host, port });
  const timer = setTimeout(() => { results[key] = "timeout"; socket.destroy(); finish(); }, 3000);
  socket.once("connect", () => { clearTimeout(timer); results[key] = "connected"; socket.destroy(); finish(); });
  socket.once("error", (error) => { clearTimeout(timer); results[key] = error.code || "error"; finish(); });
}
`;

/**
 * Listens on every host address, then asks the sandbox to connect to it. Any connection means the
 * sandbox has the host's network. Returns undefined when isolation holds, otherwise the reason.
 */
export async function probeNetworkIsolation(input: NetworkProbeInput): Promise<string | undefined> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  const port = await listen(server);
  try {
    const targets = ["127.0.0.1", ...input.hostAddresses].map((host) => [host, port]);
    const result = await input.run([process.execPath, "-e", probeScript, JSON.stringify(targets)]);
    const report = parseReport(result.output);
    if (!result.passed || report === undefined) {
      const tail = result.output.trim().split("\n").slice(-3).join(" | ");
      return `the self-test did not run (exit ${String(result.exitCode)}${result.timedOut ? ", timed out" : ""}): ${tail}`;
    }
    const reached = Object.entries(report.results).filter(([, outcome]) => outcome === "connected");
    if (reached.length > 0 || connections > 0) {
      return `the sandbox reached the host network (${reached.map(([target]) => target).join(", ") || "a connection arrived"})`;
    }
    if (input.expectUidOutside && (report.uid === 0 || report.uid !== result.uid)) {
      return `the command did not run as the throwaway user (uid ${report.uid})`;
    }
    return undefined;
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "0.0.0.0", () => {
      const address = server.address();
      if (address !== null && typeof address === "object") resolve(address.port);
      else reject(new Error("the probe server has no port"));
    });
  });
}

interface ProbeReport {
  readonly results: Record<string, string>;
  readonly uid: number;
}

function parseReport(output: string): ProbeReport | undefined {
  const line = output
    .trim()
    .split("\n")
    .reverse()
    .find((text) => text.startsWith("{"));
  if (line === undefined) return undefined;
  try {
    const parsed = JSON.parse(line) as Partial<ProbeReport>;
    if (typeof parsed.uid !== "number" || typeof parsed.results !== "object") return undefined;
    return { results: parsed.results, uid: parsed.uid };
  } catch {
    return undefined;
  }
}
