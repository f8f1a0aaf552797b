import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { redactLogLine } from "../../src/publish/index.ts";

/** A pino logger wired the way Quorum's is: every line passes `redactLogLine` before it is written. */
function captureLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: "debug", hooks: { streamWrite: redactLogLine } }, sink);
  return { logger, lines };
}

const tokens = {
  pat: `ghp_${"A1b2".repeat(9)}`,
  installation: `ghs_${"Z9y8".repeat(9)}`,
  fineGrained: `github_pat_11AAAAAAA0${"q".repeat(60)}`,
  aws: "AKIAIOSFODNN7EXAMPLE",
  jwt: "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjEyMywiaWF0IjoxfQ.c2lnbmF0dXJlc2lnbmF0dXJl",
};

describe("log redaction (pino hooks.streamWrite = redactLogLine)", () => {
  it("redacts token-shaped strings in messages, fields, nested objects, errors and child bindings", () => {
    const { logger, lines } = captureLogger();
    const child = logger.child({ auth: `token ${tokens.installation}` });
    child.info(
      { header: `Bearer ${tokens.jwt}`, nested: { deep: [tokens.aws] } },
      `pushed with ${tokens.pat}`,
    );
    child.error({ err: new Error(`request failed for ${tokens.fineGrained}`) }, "boom");
    // A token right after a newline is serialised as `\nghp_…`: no word boundary, still redacted.
    child.warn(`line one\n${tokens.pat}`);
    const output = lines.join("\n");
    for (const token of Object.values(tokens)) expect(output).not.toContain(token);
    expect(output.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(7);
    // Every line is still valid JSON a log shipper can parse.
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect((JSON.parse(lines[0] ?? "{}") as { msg: string }).msg).toBe("pushed with [redacted]");
  });

  it("redacts a private key, terminated or not, without breaking the JSON line", () => {
    const { logger, lines } = captureLogger();
    const key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1\n-----END RSA PRIVATE KEY-----";
    logger.info({ key, after: "kept" }, "loaded");
    logger.info({ partial: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg", after: "kept" }, "cut");
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain("MIIE");
      const parsed = JSON.parse(line) as { after: string };
      expect(parsed.after).toBe("kept");
    }
  });

  it("leaves ordinary log lines untouched", () => {
    const line = '{"level":30,"msg":"review queued","head":"0123456789abcdef","job":"delivery-1"}\n';
    expect(redactLogLine(line)).toBe(line);
  });
});
