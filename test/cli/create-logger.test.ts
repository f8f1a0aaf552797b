import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, isRoutinePoll } from "../../src/cli/create-logger.ts";

function createSink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

const level = process.env.LOG_LEVEL;
afterEach(() => {
  if (level === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = level;
});

describe("createLogger", () => {
  it("drops successful scrapes and health checks at info level, keeps every other request", async () => {
    process.env.LOG_LEVEL = "info";
    const { lines, stream } = createSink();
    const http = createLogger(stream).child({ name: "http" });
    http.info({ res: { statusCode: 200 } }, "GET /metrics 200 - 3ms");
    http.info({ res: { statusCode: 200 } }, "GET /ping 200 - 1ms");
    http.info({ res: { statusCode: 401 } }, "GET /metrics 401 - 1ms");
    http.info({ res: { statusCode: 200 } }, "POST /api/github/webhooks 200 - 40ms");
    await new Promise((resolve) => setImmediate(resolve));
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(["GET /metrics 401 - 1ms", "POST /api/github/webhooks 200 - 40ms"]);
  });

  it("shows them at debug level, and redacts tokens in every line", async () => {
    process.env.LOG_LEVEL = "debug";
    const { lines, stream } = createSink();
    const logger = createLogger(stream);
    logger.info("GET /metrics 200 - 3ms");
    logger.info({ token: "ghs_abcdefghijklmnopqrstuvwxyz0123456789" }, "installation token");
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines[0]).toContain("GET /metrics 200");
    expect(lines[1]).not.toContain("ghs_abcdefghijklmnopqrstuvwxyz0123456789");
  });

  it("recognises only successful polls of /metrics and /ping", () => {
    expect(isRoutinePoll(["GET /metrics 200 - 3ms"])).toBe(true);
    expect(isRoutinePoll([{}, "HEAD /ping?probe=1 204 - 0ms"])).toBe(true);
    expect(isRoutinePoll(["GET /metrics-old 200 - 3ms"])).toBe(false);
    expect(isRoutinePoll(["GET /ping 503 - 3ms"])).toBe(false);
    expect(isRoutinePoll(["GET /quorum/status 200 - 3ms"])).toBe(false);
  });
});
