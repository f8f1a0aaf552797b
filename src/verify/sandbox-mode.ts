import { SandboxRequestError } from "./sandbox-errors.ts";

/**
 * The operator's choice (environment variable `QUORUM_SANDBOX`, never the repository's config):
 * - `auto` (default): bubblewrap when installed and working, else util-linux `unshare`;
 * - `bwrap` / `unshare`: only that mechanism;
 * - `off`: no isolation at all. Repository code then runs with Quorum's own user, file system and
 *   network; the environment allow-list, rlimits and the time limit still apply. Only for machines
 *   that run nothing but trusted repositories.
 */
export const sandboxModes = ["auto", "bwrap", "unshare", "off"] as const;
export type SandboxMode = (typeof sandboxModes)[number];

/** Range of throwaway uids used when Quorum runs as root (`QUORUM_SANDBOX_UIDS=first-last`). */
export interface SandboxUidRange {
  readonly first: number;
  readonly count: number;
}

/** Default: 100 000 uids from 200 000, outside the ranges distributions give to people and services. */
export const defaultSandboxUids: SandboxUidRange = { first: 200_000, count: 100_000 };

export interface SandboxSettings {
  readonly mode: SandboxMode;
  readonly uids: SandboxUidRange;
}

/** Reads `QUORUM_SANDBOX` (default `auto`) and `QUORUM_SANDBOX_UIDS` (default `200000-299999`). */
export function readSandboxSettings(env: NodeJS.ProcessEnv = process.env): SandboxSettings {
  const rawMode = (env.QUORUM_SANDBOX ?? "auto").trim().toLowerCase() || "auto";
  if (!(sandboxModes as readonly string[]).includes(rawMode)) {
    throw new SandboxRequestError(
      `QUORUM_SANDBOX must be one of ${sandboxModes.join(", ")}, got "${env.QUORUM_SANDBOX ?? ""}"`,
    );
  }
  return { mode: rawMode as SandboxMode, uids: parseUidRange(env.QUORUM_SANDBOX_UIDS) };
}

function parseUidRange(value: string | undefined): SandboxUidRange {
  if (value === undefined || value.trim() === "") return defaultSandboxUids;
  const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(value);
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (match === null || !(first >= 1000) || !(last >= first) || last >= 2 ** 31) {
    throw new SandboxRequestError(
      `QUORUM_SANDBOX_UIDS must look like 200000-299999 (first ≥ 1000, below 2^31), got "${value}"`,
    );
  }
  return { first, count: last - first + 1 };
}
