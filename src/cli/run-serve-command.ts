import os from "node:os";
import path from "node:path";
import { getPrivateKey } from "@probot/get-private-key";
import { Probot, Server, run } from "probot";
import type { Logger } from "pino";
import { createQuorumApp } from "../app.ts";
import type { Environment } from "../config/index.ts";
import {
  createJobProcessors,
  processFixJob,
  processTestsJob,
  type FixProcessorDependencies,
  startProgressReporter,
  type ProgressReporter,
} from "../pipeline/index.ts";
import { createSandbox, openWorkspace, readSandboxSettings, type Sandbox } from "../verify/index.ts";
import { renderPrometheusMetrics, type ModelPool } from "../pool/index.ts";
import { ReviewQueues, startQuorumWorkers, type QuorumWorkers } from "../queue/index.ts";
import { checkRedis, inspectRedis } from "../doctor/index.ts";
import { ensureRedis } from "./ensure-redis.ts";
import { openPool } from "./open-pool.ts";

export interface ServeOptions {
  /** Serve webhooks. */
  readonly web: boolean;
  /** Run control jobs (prepare, fuse, publish, progress): needs app credentials. */
  readonly control: boolean;
  /** Load the model pool and run the model jobs its roles can serve. */
  readonly models: boolean;
}

interface AppCredentials {
  readonly appId: number;
  readonly privateKey: string;
}

export class MissingCredentialsError extends Error {
  override readonly name = "MissingCredentialsError";
}

function readCredentials(env: NodeJS.ProcessEnv): AppCredentials | null {
  const appId = Number(env.APP_ID);
  let privateKey: string | null;
  try {
    privateKey = getPrivateKey({ env });
  } catch {
    privateKey = null;
  }
  if (!Number.isInteger(appId) || appId <= 0 || !privateKey) return null;
  return { appId, privateKey };
}

function readBaseUrl(env: NodeJS.ProcessEnv): string {
  return env.GHE_HOST ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3` : "https://api.github.com";
}

/**
 * Repository code runs only in the sandbox: without one, this worker takes no fix jobs and says
 * why (the operator may choose QUORUM_SANDBOX=off; a repository's config cannot).
 */
async function openSandbox(logger: Logger): Promise<Sandbox | undefined> {
  try {
    return await createSandbox({ ...readSandboxSettings(), logger });
  } catch (error) {
    logger.warn({ err: error }, "no sandbox: this worker will not take fix jobs");
    return undefined;
  }
}

/**
 * Queued reviews live in Redis: say at start-up when a restart or memory pressure would lose them.
 */
async function warnAboutRedisSettings(url: string, logger: Logger): Promise<void> {
  const facts = await inspectRedis(url);
  for (const check of checkRedis({ url, configured: true, facts, redisServerPath: null })) {
    if (check.verdict !== "ok") logger.warn({ setting: check.name, fix: check.fix }, check.detail);
  }
}

/**
 * `quorum serve` (webhooks + workers: the mini-PC default) and `quorum worker` (workers only, for
 * more machines against the same Redis). A worker only takes model jobs its pool can serve.
 */
export async function runServeCommand(
  options: ServeOptions,
  env: Environment,
  logger: Logger,
): Promise<void> {
  const credentials = readCredentials(process.env);
  if (!credentials && (options.web || options.control)) {
    if (!options.web) {
      throw new MissingCredentialsError(
        "quorum worker needs APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) to run control jobs; pass --no-control to run model jobs only.",
      );
    }
    logger.warn(
      "APP_ID or PRIVATE_KEY missing: starting Probot's setup flow. Restart Quorum once the app is registered.",
    );
    await run(() => undefined);
    return;
  }
  const ProbotWithCredentials = credentials
    ? Probot.defaults({
        appId: credentials.appId,
        privateKey: credentials.privateKey,
        secret: process.env.WEBHOOK_SECRET,
        baseUrl: readBaseUrl(process.env),
        log: logger,
      })
    : undefined;
  const probot = ProbotWithCredentials ? new ProbotWithCredentials() : undefined;
  const github = {
    forInstallation: (id: number) => {
      if (!probot) throw new MissingCredentialsError("this worker has no app credentials");
      return probot.auth(id);
    },
  };
  const redis = await ensureRedis(env.REDIS_URL, {
    configured: (process.env.REDIS_URL ?? "") !== "",
    logger,
  });
  await warnAboutRedisSettings(redis.url, logger);
  const queues = new ReviewQueues({
    redisUrl: redis.url,
    prefix: env.QUORUM_QUEUE_PREFIX,
    coalesceMs: env.QUORUM_COALESCE_MS,
  });
  let pool: ModelPool | undefined;
  let workers: QuorumWorkers | undefined;
  let progress: ProgressReporter | undefined;
  let server: Server | undefined;

  if (options.control || options.models) {
    const opened = options.models ? await openPool(env.QUORUM_POOL, logger) : undefined;
    pool = opened?.pool;
    const servesReview = pool?.members().some((m) => m.roles.includes("review")) ?? false;
    const sandbox =
      pool?.members().some((m) => m.roles.includes("fix")) === true ? await openSandbox(logger) : undefined;
    const fixDependencies = (): FixProcessorDependencies => {
      if (!pool || !sandbox) throw new Error("this worker takes no fix or test jobs");
      return {
        github,
        pool,
        sandbox,
        logger,
        demo: opened?.demo ?? false,
        openWorkspace: ({ cloneUrl, token, logger: jobLogger }) =>
          openWorkspace({
            cacheDir: env.QUORUM_CACHE_DIR ?? path.join(os.tmpdir(), "quorum-cache"),
            cloneUrl,
            token,
            logger: jobLogger,
          }),
      };
    };
    const reviewProcessors = createJobProcessors({
      github,
      pool,
      queues,
      logger,
      demo: opened?.demo ?? false,
    });
    workers = await startQuorumWorkers({
      settings: queues.settings,
      logger,
      control: options.control,
      review: servesReview,
      // Twice the instances: calls then wait in the pool, which can give each the instance whose
      // cache already holds its prompt's prefix.
      reviewConcurrency: env.QUORUM_CONCURRENCY ?? 2 * (opened?.instances ?? 1),
      name: env.QUORUM_WORKER_NAME ?? `${os.hostname()}:${process.pid}`,
      lockDurationMs: env.QUORUM_LOCK_MS,
      fix: sandbox !== undefined,
      processors: {
        ...reviewProcessors,
        fix: (job, signal) => processFixJob(fixDependencies(), job, signal),
        tests: (job, signal) => processTestsJob(fixDependencies(), job, signal),
      },
    });
    if (options.control) progress = await startProgressReporter({ queues, github, logger });
    logger.info(
      { control: options.control, review: servesReview, instances: opened?.instances ?? 0 },
      "workers ready",
    );
  }
  if (options.web && ProbotWithCredentials) {
    server = new Server({
      Probot: ProbotWithCredentials,
      port: Number(process.env.PORT) || 3000,
      host: process.env.HOST,
      webhookPath: process.env.WEBHOOK_PATH,
      webhookProxy: process.env.WEBHOOK_PROXY_URL,
      log: logger,
    });
    await server.load(createQuorumApp({ queues }));
    const metricsPool = pool;
    if (metricsPool) {
      // Prometheus scrapes the pool's counters here; they hold no code and no secrets.
      server.addHandler((req, res) => {
        if (req.method !== "GET" || req.url !== "/metrics") return false;
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
        res.end(renderPrometheusMetrics(metricsPool.metrics()));
        return true;
      });
    }
    await server.start();
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { signal, graceMs: env.QUORUM_SHUTDOWN_GRACE_MS },
      "stopping: no new jobs; finishing running ones",
    );
    await server?.stop();
    await progress?.close();
    await workers?.close(env.QUORUM_SHUTDOWN_GRACE_MS);
    await pool?.dispose();
    await queues.dispose();
    await redis.dispose();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
