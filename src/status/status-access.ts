import type { Environment } from "../config/index.ts";

/** Who may see the status page and the queue dashboard. */
export interface StatusAccess {
  /** QUORUM_STATUS_TOKEN: a bearer token, or `?token=` once for a cookie. */
  readonly token?: string | undefined;
  /** QUORUM_STATUS_USER + QUORUM_STATUS_PASSWORD: HTTP basic authentication. */
  readonly basic?: { readonly user: string; readonly password: string } | undefined;
}

export class StatusAccessError extends Error {
  override readonly name = "StatusAccessError";
}

/**
 * The operator's choice of authentication, or undefined when none is configured: then the pages
 * are not served at all, since the queue dashboard can retry and delete jobs.
 */
export function readStatusAccess(
  env: Pick<Environment, "QUORUM_STATUS_TOKEN" | "QUORUM_STATUS_USER" | "QUORUM_STATUS_PASSWORD">,
): StatusAccess | undefined {
  const { QUORUM_STATUS_TOKEN: token, QUORUM_STATUS_USER: user, QUORUM_STATUS_PASSWORD: password } = env;
  if ((user === undefined) !== (password === undefined)) {
    throw new StatusAccessError(
      `${user === undefined ? "QUORUM_STATUS_PASSWORD" : "QUORUM_STATUS_USER"} is set without ${user === undefined ? "QUORUM_STATUS_USER" : "QUORUM_STATUS_PASSWORD"}: set both for basic authentication, or neither and use QUORUM_STATUS_TOKEN.`,
    );
  }
  if (token === undefined && user === undefined) return undefined;
  return {
    token,
    basic: user !== undefined && password !== undefined ? { user, password } : undefined,
  };
}
