import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

async function pingRedis(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not find a free port"));
      });
    });
  });
}

let redisChild: ChildProcess | undefined;

/**
 * Tests talk to a real Redis. Use the one at REDIS_URL when it answers; otherwise start a private
 * `redis-server` (no persistence) for the run, so a fresh machine with only the binary still works.
 */
export async function setup(project: TestProject): Promise<void> {
  const configured = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  if (await pingRedis(configured)) {
    project.provide("redisUrl", configured);
    return;
  }
  const port = await findFreePort();
  redisChild = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  const started = await new Promise<boolean>((resolve) => {
    redisChild?.once("error", () => resolve(false));
    const url = `redis://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    const poll = async (): Promise<void> => {
      if (await pingRedis(url)) resolve(true);
      else if (Date.now() > deadline) resolve(false);
      else setTimeout(() => void poll(), 100);
    };
    void poll();
  });
  if (!started) {
    throw new Error(
      `No Redis answers at ${configured} and 'redis-server' could not be started. Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.`,
    );
  }
  project.provide("redisUrl", `redis://127.0.0.1:${port}`);
}

export function teardown(): void {
  redisChild?.kill("SIGTERM");
}
