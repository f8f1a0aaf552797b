import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import type { Logger } from "pino";
import { pingRedis, redactUrl } from "../doctor/index.ts";

export interface EnsureRedisOptions {
  /** REDIS_URL was set explicitly: then it must answer, and no private server is started. */
  readonly configured: boolean;
  readonly logger: Logger;
  /** The binary to start. Default: `redis-server` from PATH. */
  readonly redisServer?: string;
  /** How long the private server may take to answer PING. Default: 10 s. */
  readonly startTimeoutMs?: number;
}

export interface EnsuredRedis {
  /** The Redis to use: the one asked for, or the private server's. */
  readonly url: string;
  /** True when Quorum started a private redis-server that `dispose()` stops. */
  readonly private: boolean;
  /** Stops the private server (its data is gone with it); a no-op for a Redis Quorum did not start. */
  dispose(): Promise<void>;
}

/** No Redis to use: none answers and none could be started. A person has to install or start one. */
export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
  readonly retryable = false;
  /** The URL that did not answer, password hidden. */
  readonly url: string;
  /** What to install, e.g. "apt-get install redis-server (Debian/Ubuntu) or brew install redis (macOS)". */
  readonly installHint: string;

  constructor(message: string, options: { url: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.url = options.url;
    this.installHint = installHint;
  }
}

const installHint = "apt-get install redis-server (Debian/Ubuntu) or brew install redis (macOS)";
const pingTimeoutMs = 1_000;

/**
 * Makes sure `quorum serve` has a Redis. One that answers at `url` is used as is. Otherwise, when
 * REDIS_URL was not configured, a private `redis-server` without persistence is started on a free
 * port so a first run needs no setup; a configured URL that does not answer is an error, because
 * silently queueing into a throwaway server would lose the operator's jobs.
 */
export async function ensureRedis(url: string, options: EnsureRedisOptions): Promise<EnsuredRedis> {
  const shown = redactUrl(url);
  if (await pingRedis(url, pingTimeoutMs)) return { url, private: false, dispose: () => Promise.resolve() };
  if (options.configured) {
    throw new RedisUnavailableError(
      `No Redis answers at REDIS_URL=${shown}. Start it, fix REDIS_URL, or install Redis: ${installHint}.`,
      { url: shown },
    );
  }
  const started = await startPrivateRedis(
    options.redisServer ?? "redis-server",
    options.startTimeoutMs ?? 10_000,
    shown,
  );
  options.logger.warn(
    { url: started.url, pid: started.child.pid },
    `No Redis at ${shown}: started a private redis-server without persistence; queued jobs are lost when Quorum stops. For durable queues run Redis as a service or set REDIS_URL.`,
  );
  return { url: started.url, private: true, dispose: () => started.dispose() };
}

interface PrivateRedis {
  readonly url: string;
  readonly child: ChildProcess;
  dispose(): Promise<void>;
}

async function startPrivateRedis(binary: string, timeoutMs: number, shown: string): Promise<PrivateRedis> {
  const port = await findFreePort();
  const url = `redis://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--maxmemory-policy",
      "noeviction",
      // Nothing is persisted, but Redis still wants a writable working directory.
      "--dir",
      tmpdir(),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const keepTail = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-2_000);
  };
  child.stdout.on("data", keepTail);
  child.stderr.on("data", keepTail);
  // A Quorum that exits without dispose() must not leave the server running.
  const killOnExit = (): void => {
    child.kill("SIGTERM");
  };
  process.once("exit", killOnExit);

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const failure = await waitUntilReady(child, url, timeoutMs);
  if (failure !== null) {
    process.removeListener("exit", killOnExit);
    child.kill("SIGKILL");
    const notInstalled = (failure as NodeJS.ErrnoException).code === "ENOENT";
    const reason = notInstalled
      ? `and '${binary}' is not installed`
      : `and the private '${binary}' did not start (${failure.message}${output.trim() === "" ? "" : `: ${output.trim().split("\n").slice(-3).join(" | ")}`})`;
    throw new RedisUnavailableError(
      `No Redis answers at ${shown} ${reason}. Install Redis: ${installHint}, or set REDIS_URL to a running one.`,
      { url: shown, cause: failure },
    );
  }

  let disposed: Promise<void> | undefined;
  return {
    url,
    child,
    dispose() {
      disposed ??= (async () => {
        process.removeListener("exit", killOnExit);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await exited;
          clearTimeout(timer);
        }
      })();
      return disposed;
    },
  };
}

/** Resolves null once the server answers PING, or the reason it never will. */
async function waitUntilReady(child: ChildProcess, url: string, timeoutMs: number): Promise<Error | null> {
  const state: { failure: Error | null } = { failure: null };
  child.once("error", (error) => {
    state.failure = error;
  });
  child.once("exit", (code, signal) => {
    state.failure ??= new Error(`exited with ${signal ?? `code ${code ?? "?"}`}`);
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (state.failure !== null) return state.failure;
    if (await pingRedis(url, pingTimeoutMs)) return null;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return state.failure ?? new Error(`no answer within ${timeoutMs} ms`);
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("could not find a free port"));
      });
    });
  });
}
