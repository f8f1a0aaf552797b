import { redactedMarker, tokenPatterns } from "./redact-secrets.ts";

/** A key block inside a JSON string: escapes are skipped, and an unterminated block ends at the string's end. */
const privateKeyInJson =
  /-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----(?:[^"\\]|\\.)*?(?:-----END[A-Z0-9 ]*PRIVATE KEY-----|(?="))/g;

/**
 * Redacts token-shaped strings from one serialised log line (pino's `hooks.streamWrite`), so no
 * secret reaches a log whatever field, message, error or child binding carried it. The line stays
 * valid JSON: the marker needs no escaping and a key block never swallows its closing quote.
 *
 * Wire it where the logger is made: `pino({ hooks: { streamWrite: redactLogLine } }, destination)`.
 */
export function redactLogLine(line: string): string {
  return [...tokenPatterns, privateKeyInJson].reduce(
    (out, pattern) => out.replace(pattern, redactedMarker),
    line,
  );
}
