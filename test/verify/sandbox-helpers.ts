import { readdir, readFile } from "node:fs/promises";
import { pino } from "pino";
import { findExecutable, type SandboxMechanism } from "../../src/verify/index.ts";

export const silentLogger = pino({ level: "silent" });

/** The isolating mechanisms whose programs are installed here; each is tested on its own. */
export async function installedMechanisms(): Promise<SandboxMechanism[]> {
  const mechanisms: SandboxMechanism[] = [];
  if ((await findExecutable("unshare")) !== undefined) mechanisms.push("unshare");
  if ((await findExecutable("bwrap")) !== undefined) mechanisms.push("bwrap");
  return mechanisms;
}

/** Processes (threads included) that currently run as `uid`, found through /proc. */
export async function countProcessesOf(uid: number): Promise<number> {
  let count = 0;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = await readFile(`/proc/${entry}/status`, "utf8");
      const realUid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
      if (realUid === String(uid)) count += 1;
    } catch {
      // The process ended while we looked.
    }
  }
  return count;
}
