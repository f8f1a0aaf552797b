/** One way of isolating repository code that was tried at start-up, and why it was not usable. */
export interface SandboxAttempt {
  readonly mechanism: string;
  readonly reason: string;
}

/**
 * No isolation could be set up, so Quorum refuses to run repository code. Fixing it needs the
 * operator (install util-linux or bubblewrap, allow user namespaces, or set `QUORUM_SANDBOX=off`
 * knowingly), so a retry would fail the same way.
 */
export class SandboxUnavailableError extends Error {
  override readonly name = "SandboxUnavailableError";
  readonly retryable = false;
  readonly attempts: readonly SandboxAttempt[];

  constructor(attempts: readonly SandboxAttempt[], options?: { cause?: unknown }) {
    const tried =
      attempts.length === 0
        ? "no mechanism was tried"
        : attempts.map((a) => `${a.mechanism}: ${a.reason}`).join("; ");
    super(
      `Quorum will not run repository code: no sandbox could be set up (${tried}). ` +
        "Install util-linux (unshare, setpriv, prlimit) or bubblewrap, or, only if this machine runs trusted code alone, set QUORUM_SANDBOX=off.",
      options,
    );
    this.attempts = attempts;
  }
}

/** The sandbox's own machinery failed (a binary vanished, a chown failed); not the repository's code. */
export class SandboxRunError extends Error {
  override readonly name = "SandboxRunError";
  readonly retryable = true;
}

/** A value given to the sandbox by Quorum's own code is unusable: a programming error. */
export class SandboxRequestError extends Error {
  override readonly name = "SandboxRequestError";
  readonly retryable = false;
}

/**
 * A run asked for registry-only network, and this sandbox cannot give it (e.g. `unshare` without
 * `ip` to bring up loopback). The operator must install the missing program; retrying cannot help.
 */
export class RegistryNetworkUnavailableError extends Error {
  override readonly name = "RegistryNetworkUnavailableError";
  readonly retryable = false;
}
