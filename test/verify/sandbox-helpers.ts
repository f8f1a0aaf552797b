import { readdir, readFile } from "node:fs/promises";
import { pino } from "pino";
import { findExecutable } from "../../src/verify/index.ts";

export const silentLogger = pino({ level: "silent" });

/** The isolating mechanisms whose programs are installed here; each is tested on its own. */
export async function installedMechanisms(): Promise<("unshare" | "bwrap")[]> {
  const mechanisms: ("unshare" | "bwrap")[] = [];
  if ((await findExecutable("unshare")) !== undefined) mechanisms.push("unshare");
  if ((await findExecutable("bwrap")) !== undefined) mechanisms.push("bwrap");
  return mechanisms;
}

/**
 * Processes that still run as `uid`, found through /proc; zombies (already dead, waiting for the
 * host's init to reap them) do not count. Killing a namespace is asynchronous, so this waits up to
 * `settleMs` for the count to reach 0 before answering.
 */
export async function countLiveProcessesOf(uid: number, settleMs = 3000): Promise<number> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const count = await countOnce(uid);
    if (count === 0 || Date.now() > deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function countOnce(uid: number): Promise<number> {
  let count = 0;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = await readFile(`/proc/${entry}/status`, "utf8");
      const realUid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
      const zombie = /^State:\s+Z/m.test(status);
      if (realUid === String(uid) && !zombie) count += 1;
    } catch {
      // The process ended while we looked.
    }
  }
  return count;
}
