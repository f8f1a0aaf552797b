import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { findExecutable } from "../../src/verify/index.ts";
import { installedMechanisms } from "./sandbox-helpers.ts";

const mechanisms = await installedMechanisms();
const setpriv = await findExecutable("setpriv");
const canDropToUser = process.geteuid?.() === 0 && setpriv !== undefined;

/** A worker that does not run as root isolates through a user namespace instead of a uid switch. */
describe.runIf(canDropToUser).each(mechanisms)("sandbox created by a non-root worker (%s)", (mechanism) => {
  it("still blocks the network, reaches only the registry when asked, and stops a fork bomb at the process limit", async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const output = await runAsUser(4242, [
        "test/verify/unprivileged-sandbox-probe.ts",
        mechanism,
        String(port),
      ]);
      const report = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as {
        description: string;
        connect: string;
        registry: string;
        bomb: { started: number; why: string };
      };
      expect(report.description).toContain("user namespace");
      expect(report.connect).toMatch(/^BLOCKED /);
      expect(report.registry).toBe("200 registry-ok");
      expect(report.bomb.why).toBe("EAGAIN");
      expect(report.bomb.started).toBeLessThan(40);
    } finally {
      server.close();
    }
  });
});

function runAsUser(uid: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      setpriv ?? "setpriv",
      [
        `--reuid=${uid}`,
        `--regid=${uid}`,
        "--clear-groups",
        "--",
        process.execPath,
        "--import",
        "tsx",
        ...args,
      ],
      { env: { PATH: process.env.PATH ?? "", HOME: "/tmp" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`exit ${code}: ${output}`)),
    );
  });
}
