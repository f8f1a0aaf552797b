/**
 * Calibrations measure the machine once per process and key: concurrent callers share the one
 * measurement in flight, and a failed measurement is forgotten so the next caller tries again.
 */
export async function memoizeCalibration<T extends object>(
  cache: Map<string, Promise<T>>,
  key: string,
  measure: () => Promise<T>,
): Promise<T & { cached: boolean }> {
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
