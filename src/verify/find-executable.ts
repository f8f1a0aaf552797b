import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, isAbsolute, join } from "node:path";

/** Directories searched besides PATH: the sandbox helpers often live in sbin, which services may not have on PATH. */
const extraDirs = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** The default search path for helper programs: PATH, then the usual bin and sbin directories. */
export function defaultToolSearchPath(): string {
  return [...(process.env.PATH ?? "").split(delimiter), ...extraDirs].join(delimiter);
}

/** The absolute path of an executable named `name` in `searchPath`, or undefined when there is none. */
export async function findExecutable(
  name: string,
  searchPath: string = defaultToolSearchPath(),
): Promise<string | undefined> {
  const dirs = searchPath.split(delimiter).filter((dir) => isAbsolute(dir));
  for (const dir of new Set(dirs)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}
