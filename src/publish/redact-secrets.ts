/**
 * Token shapes. No leading word boundary: a token glued to a word (`key_ghp_…`) or to a JSON
 * escape (`\nghp_…` in a log line) must still be found; redacting a little too much is the safe error.
 */
export const tokenPatterns: readonly RegExp[] = [
  // GitHub personal, OAuth, user-to-server, server-to-server (installation) and refresh tokens.
  /gh[pousr]_[A-Za-z0-9]{20,}/g,
  /github_pat_[A-Za-z0-9_]{20,}/g,
  /(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  /xox[abposr]-[A-Za-z0-9-]{10,}/g,
  // JSON Web Tokens, such as the GitHub App's own signed JWT.
  /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

/** An unterminated key block is still a key: redact to the end. */
const privateKeyBlock =
  /-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/** What replaces a secret. Contains no character JSON would escape, so it is safe inside log lines. */
export const redactedMarker = "[redacted]";

/** Replaces token-shaped strings (GitHub, AWS, Slack tokens, JWTs, private keys) with `[redacted]`. */
export function redactSecrets(text: string): string {
  return [...tokenPatterns, privateKeyBlock].reduce(
    (out, pattern) => out.replace(pattern, redactedMarker),
    text,
  );
}
