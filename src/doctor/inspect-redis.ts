import type { RedisFacts } from "./doctor-probes.ts";
import { openRedisProbe } from "./open-redis-probe.ts";

/** Reads version, persistence and eviction settings with INFO, which managed Redis services still allow. */
export async function inspectRedis(url: string, timeoutMs = 2_000): Promise<RedisFacts> {
  const client = openRedisProbe(url, timeoutMs);
  try {
    await client.connect();
    const info = parseInfo(await client.info());
    let saveRules: string | null;
    try {
      const reply = await client.config("GET", "save");
      saveRules = Array.isArray(reply) && typeof reply[1] === "string" ? reply[1] : null;
    } catch {
      // CONFIG is often renamed or disabled on managed services.
      saveRules = null;
    }
    return {
      reachable: true,
      version: info.get("redis_version") ?? "unknown",
      appendOnly: info.get("aof_enabled") === "1",
      saveRules,
      maxmemoryPolicy: info.get("maxmemory_policy") ?? "unknown",
      maxmemoryBytes: Number(info.get("maxmemory") ?? 0) || 0,
    };
  } catch (error) {
    return { reachable: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    client.disconnect();
  }
}

function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && !line.startsWith("#")) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}
