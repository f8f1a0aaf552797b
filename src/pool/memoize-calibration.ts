import { stat } from "node:fs/promises";

/**
 * Calibrations measure the machine once per process for a model file (as it is now: a replaced
 * file is measured again) and the `settings` that change the answer. Concurrent callers share the
 * one measurement in flight, and a failed measurement is forgotten so the next caller tries again.
 */
export async function memoizeCalibration<T extends object>(
  cache: Map<string, Promise<T>>,
  file: string,
  settings: readonly unknown[],
  measure: () => Promise<T>,
): Promise<T & { cached: boolean }> {
  const info = await stat(file);
  const key = JSON.stringify([file, info.size, info.mtimeMs, ...settings]);
  const cached = cache.get(key);
  if (cached !== undefined) return { ...(await cached), cached: true };
  const running = measure();
  cache.set(key, running);
  try {
    return { ...(await running), cached: false };
  } catch (error) {
    cache.delete(key);
    throw error;
  }
}
