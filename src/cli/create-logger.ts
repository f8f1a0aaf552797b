import { pino } from "pino";
import { redactLogLine } from "../publish/index.ts";

/**
 * Probot's request log line for a routine poll: a Prometheus scrape or a health check that
 * succeeded (`GET /metrics 200 - 3ms`). They arrive every few seconds and say nothing.
 */
export function isRoutinePoll(args: readonly unknown[]): boolean {
  return args.some(
    (arg) => typeof arg === "string" && /^(GET|HEAD) \/(metrics|ping)(\?\S*)? 2\d\d - /.test(arg),
  );
}

/**
 * Quorum's logger. Probot shares it, so its lines are redacted too: no token-shaped string reaches
 * a log. Probot 14's server ignores its `loggingOptions`, so routine polls are dropped here, below
 * debug level, rather than by pino-http.
 */
export function createLogger(destination: pino.DestinationStream = pino.destination(2)): pino.Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { name: "quorum" },
      hooks: {
        streamWrite: redactLogLine,
        logMethod(args, method) {
          if (!this.isLevelEnabled("debug") && isRoutinePoll(args)) return;
          method.apply(this, args);
        },
      },
    },
    destination,
  );
}
