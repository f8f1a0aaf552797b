/** pino-http's level for a request: routine polling quietly, failures loudly. */
export function chooseRequestLogLevel(
  req: { url?: string | undefined },
  res: { statusCode: number },
  error?: Error,
): "debug" | "info" | "warn" | "error" {
  if (error !== undefined || res.statusCode >= 500) return "error";
  if (res.statusCode >= 400) return "warn";
  const path = (req.url ?? "").split("?")[0];
  return path === "/metrics" || path === "/ping" ? "debug" : "info";
}
