import { compareVersions } from "./compare-versions.ts";
import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";
import type { RedisFacts } from "./doctor-probes.ts";
import { formatBytes } from "./format-bytes.ts";
import { redactUrl } from "./redact-url.ts";

/** BullMQ refuses older servers. */
const minimumRedisVersion = "5.0.0";

export interface RedisCheckInput {
  readonly url: string;
  /** REDIS_URL was set explicitly (so `quorum` will not start a private redis-server). */
  readonly configured: boolean;
  readonly facts: RedisFacts;
  /** Path of `redis-server` on PATH, or null. */
  readonly redisServerPath: string | null;
}

const installRedis =
  "Install Redis (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) and start it, or set REDIS_URL to a running one.";

/** Reachability and version, persistence, and eviction policy: BullMQ loses jobs to the last two. */
export function checkRedis(input: RedisCheckInput): DoctorCheck[] {
  const { facts } = input;
  const url = redactUrl(input.url);
  if (!facts.reachable) return [checkUnreachable(input, url, facts.error)];
  return [checkVersion(url, facts.version), checkPersistence(url, facts), checkEviction(url, facts)];
}

function checkUnreachable(input: RedisCheckInput, url: string, error: string): DoctorCheck {
  if (input.configured) {
    return createProblem("fail", "redis", "server", `no answer at ${url} (${error})`, installRedis);
  }
  if (input.redisServerPath !== null) {
    return createProblem(
      "warn",
      "redis",
      "server",
      `no answer at ${url}; \`quorum\` will start a private redis-server (${input.redisServerPath}) without persistence, so queued jobs are lost when Quorum stops`,
      "For durable queues run Redis as a service (`systemctl enable --now redis-server`) or set REDIS_URL.",
    );
  }
  return createProblem(
    "fail",
    "redis",
    "server",
    `no answer at ${url} and no redis-server binary to start a private one`,
    installRedis,
  );
}

function checkVersion(url: string, version: string): DoctorCheck {
  if (compareVersions(version, minimumRedisVersion) >= 0)
    return createOk("redis", "server", `Redis ${version} at ${url}`);
  return createProblem(
    "fail",
    "redis",
    "server",
    `Redis ${version} at ${url} is older than ${minimumRedisVersion}, which BullMQ needs`,
    "Upgrade Redis to 6.2 or newer (or Valkey 7+).",
  );
}

function checkPersistence(url: string, facts: Extract<RedisFacts, { reachable: true }>): DoctorCheck {
  if (facts.appendOnly)
    return createOk("redis", "persistence", "appendonly yes (AOF): queued jobs survive a restart");
  const fix = `Turn on the append-only file: \`redis-cli -u ${url} CONFIG SET appendonly yes\` then \`redis-cli -u ${url} CONFIG REWRITE\` (or \`appendonly yes\` in redis.conf, then restart Redis).`;
  if (facts.saveRules === null) {
    return createProblem(
      "warn",
      "redis",
      "persistence",
      "appendonly no; snapshot rules unknown (CONFIG is disabled): jobs queued since the last snapshot may be lost on a crash",
      fix,
    );
  }
  if (facts.saveRules.trim() === "") {
    return createProblem(
      "warn",
      "redis",
      "persistence",
      "appendonly no and no snapshots: every queued job is lost when Redis restarts",
      fix,
    );
  }
  return createProblem(
    "warn",
    "redis",
    "persistence",
    `appendonly no; RDB snapshots only (save ${facts.saveRules}): jobs queued since the last snapshot are lost on a crash`,
    fix,
  );
}

function checkEviction(url: string, facts: Extract<RedisFacts, { reachable: true }>): DoctorCheck {
  const limit =
    facts.maxmemoryBytes > 0 ? `maxmemory ${formatBytes(facts.maxmemoryBytes)}` : "no maxmemory limit";
  if (facts.maxmemoryPolicy === "noeviction") {
    return createOk("redis", "maxmemory-policy", `noeviction (${limit})`);
  }
  return createProblem(
    "warn",
    "redis",
    "maxmemory-policy",
    `${facts.maxmemoryPolicy} (${limit}): under memory pressure Redis may evict BullMQ's keys and silently lose jobs`,
    `\`redis-cli -u ${url} CONFIG SET maxmemory-policy noeviction\` then \`redis-cli -u ${url} CONFIG REWRITE\` (or \`maxmemory-policy noeviction\` in redis.conf).`,
  );
}
