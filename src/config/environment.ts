import { z } from "zod";

/** Quorum's own variables; Probot reads its standard ones (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, …). */
export const environmentSchema = z.object({
  REDIS_URL: z
    .string()
    .url()
    .default("redis://127.0.0.1:6379")
    .describe("Redis used by the BullMQ queues. Default: redis://127.0.0.1:6379."),
  QUORUM_POOL: z
    .string()
    .min(1)
    .default("models/pool.yml")
    .describe("Path to the model-pool file. Default: models/pool.yml (the bundled demo model)."),
  QUORUM_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/i)
    .default("quorum")
    .describe(
      "Prefix of Quorum's Redis keys, so several installations can share one Redis. Default: quorum.",
    ),
  QUORUM_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .optional()
    .describe("Review sub-tasks a worker runs at once. Default: twice the pool's instance count."),
  QUORUM_COALESCE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(3_000)
    .describe(
      "Pushes to one pull request within this window are reviewed once, on the newest head. Default: 3000.",
    ),
  QUORUM_CACHE_DIR: z
    .string()
    .min(1)
    .optional()
    .describe("Where fix workers keep repository clones and worktrees. Default: <tmpdir>/quorum-cache."),
  QUORUM_INSTALL_REGISTRY: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//i.test(value), "must be an http:// or https:// URL")
    .refine((value) => {
      const url = new URL(value);
      return url.username === "" && url.password === "";
    }, "must not contain credentials: nothing secret may reach the sandbox")
    .optional()
    .describe(
      "The npm registry (no credentials; e.g. a local mirror) that the sandboxed dependency install (`npm ci --ignore-scripts`) may reach, through a proxy that lets nothing else through. Operator only, never from a repository. Default: unset (installs run with no network, so dependencies that need downloading are not installed).",
    ),
  QUORUM_WORKER_NAME: z
    .string()
    .min(1)
    .optional()
    .describe("Name of this worker in job records (processedBy). Default: <hostname>:<pid>."),
  QUORUM_LOCK_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(30_000)
    .describe(
      "Job lock duration; a worker that dies loses its jobs to the others after about this long. Default: 30000.",
    ),
  QUORUM_METRICS_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65_535)
    .optional()
    .describe(
      "Port of a listener serving only Prometheus metrics at /metrics, for processes without the webhook server (quorum worker). Default: unset (no listener; the webhook server serves /metrics on PORT).",
    ),
  QUORUM_SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(60_000)
    .describe("On SIGTERM, how long running jobs may finish before they are handed back. Default: 60000."),
  QUORUM_STATUS_TOKEN: z
    .string()
    .min(16, "use at least 16 characters, e.g. the output of `openssl rand -hex 24`")
    .optional()
    .describe(
      "Token for the status page (/quorum/status) and queue dashboard (/quorum/queues): `Authorization: Bearer …`, or `?token=…` once for a cookie. Default: none (without a user either, neither page is served).",
    ),
  QUORUM_STATUS_USER: z
    .string()
    .min(1)
    .regex(/^[^:]+$/, "a basic-auth user name cannot contain ':'")
    .optional()
    .describe(
      "User name for basic authentication on the status page and the queue dashboard; needs QUORUM_STATUS_PASSWORD. Default: none.",
    ),
  QUORUM_STATUS_QUEUE_ACTIONS: z
    .enum(["true", "false"], { errorMap: () => ({ message: 'expected "true" or "false"' }) })
    .default("false")
    .transform((value) => value === "true")
    .describe(
      "Let the queue dashboard (/quorum/queues) retry, remove and pause jobs. Default: false (the dashboard is read-only).",
    ),
  QUORUM_STATUS_PASSWORD: z
    .string()
    .min(12, "use at least 12 characters")
    .optional()
    .describe("Password for QUORUM_STATUS_USER. Default: none."),
});

export type Environment = z.infer<typeof environmentSchema>;

export class EnvironmentError extends Error {
  override readonly name = "EnvironmentError";
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const result = environmentSchema.safeParse(env);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  throw new EnvironmentError(`Invalid environment: ${details}`);
}
