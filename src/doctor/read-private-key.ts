import { readdir, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { PrivateKeyFacts } from "./doctor-probes.ts";

/**
 * Finds the private key where `@probot/get-private-key` would: PRIVATE_KEY, then PRIVATE_KEY_PATH,
 * then a single `*.pem` file in the working directory. Returns its text for the check to validate.
 */
export async function readPrivateKey(env: NodeJS.ProcessEnv, cwd = process.cwd()): Promise<PrivateKeyFacts> {
  if (env.PRIVATE_KEY !== undefined && env.PRIVATE_KEY !== "") {
    return { source: "PRIVATE_KEY", text: env.PRIVATE_KEY };
  }
  if (env.PRIVATE_KEY_PATH !== undefined && env.PRIVATE_KEY_PATH !== "") {
    return readKeyFile("PRIVATE_KEY_PATH", resolve(cwd, env.PRIVATE_KEY_PATH));
  }
  let pemFiles: string[];
  try {
    pemFiles = (await readdir(cwd)).filter((name) => name.endsWith(".pem"));
  } catch {
    pemFiles = [];
  }
  const [only, ...others] = pemFiles;
  if (only === undefined) return { source: "none" };
  if (others.length > 0) {
    return {
      source: "pem-file",
      path: resolve(cwd, only),
      error: `more than one .pem file in ${cwd} (${pemFiles.join(", ")}); set PRIVATE_KEY_PATH`,
    };
  }
  return readKeyFile("pem-file", resolve(cwd, only));
}

async function readKeyFile(source: "PRIVATE_KEY_PATH" | "pem-file", path: string): Promise<PrivateKeyFacts> {
  try {
    return { source, path, text: await readFile(path, "utf8") };
  } catch (error) {
    return { source, path, error: error instanceof Error ? error.message : String(error) };
  }
}
