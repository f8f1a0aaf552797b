import { openRedisProbe } from "./open-redis-probe.ts";

/** True when a Redis at `url` answers PING within `timeoutMs` (default 1 s). */
export async function pingRedis(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = openRedisProbe(url, timeoutMs);
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
