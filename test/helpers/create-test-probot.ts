import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import type { OctokitPlugin } from "../../src/metrics/index.ts";

let privateKey: string | undefined;

/** A throwaway RSA key: Probot signs app JWTs with it; nock never checks them. */
function getTestPrivateKey(): string {
  privateKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return privateKey;
}

/**
 * Probot wired for tests: no retries or throttling, so nock sees exactly the requests we send.
 * `plugins` go on its Octokit class, as `quorum serve` adds its metrics plugin.
 */
export function createTestProbot(options: { plugins?: readonly OctokitPlugin[] } = {}): Probot {
  return new Probot({
    appId: 123,
    privateKey: getTestPrivateKey(),
    secret: "test-secret",
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    Octokit: ProbotOctokit.plugin(...(options.plugins ?? [])).defaults(
      (options: Record<string, unknown>) => ({
        ...options,
        retry: { enabled: false },
        throttle: { ...(options.throttle as object), enabled: false },
      }),
    ),
  });
}
