import os from "node:os";
import path from "node:path";
import { getPrivateKey } from "@probot/get-private-key";
import { Probot, ProbotOctokit, Server, run } from "probot";
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
import type { ModelPool } from "../pool/index.ts";
import {
  MetricsRegistry,
  createGitHubMetricsPlugin,
  createMetricsHandler,
  startProcessMetrics,
} from "../metrics/index.ts";
import { ReviewQueues, startQuorumWorkers, type QuorumWorkers } from "../queue/index.ts";
import { checkRedis, inspectRedis } from "../doctor/index.ts";
import {
  installStatusRoutes,
  readGitHubWebUrl,
  readStatusAccess,
  redactRequestCredentials,
  startPoolHeartbeat,
  type PoolHeartbeat,
} from "../status/index.ts";
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
 * `quorum all` (webhooks + workers: the mini-PC default), `quorum serve` (webhooks and enqueueing
 * only) and `quorum worker` (workers only, for more machines against the same Redis). A worker only
 * takes model jobs its pool can serve.
 */
export async function runServeCommand(
  options: ServeOptions,
  env: Environment,
  logger: Logger,
): Promise<void> {
  const credentials = readCredentials(process.env);
  // Checked first: a half-configured status login stops the start, before models load.
  const statusAccess = options.web ? readStatusAccess(env) : undefined;
  const workerName = env.QUORUM_WORKER_NAME ?? `${os.hostname()}:${process.pid}`;
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
  const metrics = new MetricsRegistry({ logger });
  const ProbotWithCredentials = credentials
    ? Probot.defaults({
        // Counts every GitHub API call and keeps the rate limit left, per installation.
        Octokit: ProbotOctokit.plugin(createGitHubMetricsPlugin(metrics)),
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
  // Signals are taken from here on: one that arrives while models load or workers start is acted
  // on once start-up is done, so nothing half-started is left behind (no default kill).
  const shutdown: { stop?: (signal: string) => void; requested?: string } = {};
  const onSignal = (signal: string): void => {
    if (shutdown.stop) shutdown.stop(signal);
    else shutdown.requested ??= signal;
  };
  // `on`, not `once`: node-llama-cpp re-raises a signal when no other listener is left, which would
  // kill the process in the middle of the graceful stop.
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
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
  let heartbeat: PoolHeartbeat | undefined;

  if (options.control || options.models) {
    const opened = options.models ? await openPool(env.QUORUM_POOL, logger) : undefined;
    pool = opened?.pool;
    if (pool) {
      // Every machine's pool shows on the status page (and in `quorum pool`) through Redis.
      heartbeat = await startPoolHeartbeat({
        redisUrl: redis.url,
        prefix: env.QUORUM_QUEUE_PREFIX,
        name: workerName,
        roles: Object.entries(options).flatMap(([role, on]) => (on ? [role] : [])),
        pool,
        logger,
      });
    }
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
      name: workerName,
      lockDurationMs: env.QUORUM_LOCK_MS,
      fix: sandbox !== undefined,
      processors: {
        ...reviewProcessors,
        fix: (job, signal) => processFixJob(fixDependencies(), job, signal),
        tests: (job, signal) =>
          processTestsJob(
            { ...fixDependencies(), installRegistry: env.QUORUM_INSTALL_REGISTRY },
            job,
            signal,
          ),
      },
    });
    if (options.control) progress = await startProgressReporter({ queues, github, logger });
    logger.info(
      { control: options.control, review: servesReview, instances: opened?.instances ?? 0 },
      "workers ready",
    );
  }
  const processMetrics = await startProcessMetrics({
    registry: metrics,
    queues,
    workers: workers?.workers,
    pool,
    port: env.QUORUM_METRICS_PORT,
    logger,
  });
  if (options.web && ProbotWithCredentials) {
    server = new Server({
      Probot: ProbotWithCredentials,
      port: Number(process.env.PORT) || 3000,
      host: process.env.HOST,
      webhookPath: process.env.WEBHOOK_PATH,
      webhookProxy: process.env.WEBHOOK_PROXY_URL,
      log: redactRequestCredentials(logger),
    });
    await server.load(createQuorumApp({ queues }));
    installStatusRoutes(server, {
      access: statusAccess,
      queues,
      githubUrl: readGitHubWebUrl(process.env),
      logger,
      queueActions: env.QUORUM_STATUS_QUEUE_ACTIONS,
    });
    // Prometheus scrapes this process's metrics here; they hold no code and no secrets.
    server.addHandler(createMetricsHandler(metrics, logger));
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
    await processMetrics.dispose();
    await progress?.close();
    await workers?.close(env.QUORUM_SHUTDOWN_GRACE_MS);
    await heartbeat?.dispose();
    await pool?.dispose();
    await queues.dispose();
    await redis.dispose();
    logger.info("stopped");
    process.exit(0);
  };
  shutdown.stop = (signal) => void stop(signal);
  if (shutdown.requested !== undefined) shutdown.stop(shutdown.requested);
}
