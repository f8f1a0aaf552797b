const secretPatterns: readonly RegExp[] = [
  // GitHub personal, OAuth, user-to-server, server-to-server and refresh tokens.
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  // An unterminated key block is still a key: redact to the end.
  /-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
];

/** Replaces token-shaped strings (GitHub, AWS, Slack tokens, private keys) with `[redacted]`. */
export function redactSecrets(text: string): string {
  return secretPatterns.reduce((out, pattern) => out.replace(pattern, "[redacted]"), text);
}
