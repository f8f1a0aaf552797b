import type { Logger } from "pino";

/** A `?token=` in a logged URL keeps its name, loses its value. */
function censor(value: unknown, path: string[]): unknown {
  if (path.at(-1) === "url" && typeof value === "string") {
    return value.replace(/([?&]token=)[^&#]*/g, "$1redacted");
  }
  return "[redacted]";
}

/**
 * The logger for Probot's HTTP server, which logs every request with its URL and headers: the
 * status page's bearer token, basic credentials, cookie and `?token=` are left out.
 */
export function redactRequestCredentials(logger: Logger): Logger {
  return logger.child(
    {},
    {
      redact: {
        paths: ["req.headers.authorization", "req.headers.cookie", "req.url"],
        censor,
      },
    },
  );
}
