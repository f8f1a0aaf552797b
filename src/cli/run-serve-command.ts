import { getPrivateKey } from "@probot/get-private-key";
import { Probot, Server, run } from "probot";
import type { Logger } from "pino";
import { createQuorumApp } from "../app.ts";
import type { Environment } from "../config/index.ts";
import { createJobProcessors, startProgressReporter, type ProgressReporter } from "../pipeline/index.ts";
import type { ModelPool } from "../pool/index.ts";
import { ReviewQueues, startQuorumWorkers, type QuorumWorkers } from "../queue/index.ts";
import { openPool } from "./open-pool.ts";

export interface ServeOptions {
  /** Serve webhooks. */
  readonly web: boolean;
  /** Run workers (control and model jobs) in this process. */
  readonly worker: boolean;
}

interface AppCredentials {
  readonly appId: number;
  readonly privateKey: string;
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

/** `quorum serve` / `quorum worker`: the GitHub App, its workers, or both (the mini-PC default). */
export async function runServeCommand(
  options: ServeOptions,
  env: Environment,
  logger: Logger,
): Promise<void> {
  const credentials = readCredentials(process.env);
  if (!credentials) {
    if (!options.web) {
      throw new Error("quorum worker needs APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) to act on GitHub.");
    }
    logger.warn(
      "APP_ID or PRIVATE_KEY missing: starting Probot's setup flow. Restart Quorum once the app is registered.",
    );
    await run(() => undefined);
    return;
  }
  const ProbotWithCredentials = Probot.defaults({
    appId: credentials.appId,
    privateKey: credentials.privateKey,
    secret: process.env.WEBHOOK_SECRET,
    baseUrl: readBaseUrl(process.env),
    log: logger,
  });
  const queues = new ReviewQueues({ redisUrl: env.REDIS_URL, prefix: env.QUORUM_QUEUE_PREFIX });
  let pool: ModelPool | undefined;
  let workers: QuorumWorkers | undefined;
  let progress: ProgressReporter | undefined;
  let server: Server | undefined;

  if (options.worker) {
    const opened = await openPool(env.QUORUM_POOL, logger);
    pool = opened.pool;
    const probot = new ProbotWithCredentials();
    workers = await startQuorumWorkers({
      settings: queues.settings,
      logger,
      reviewConcurrency: env.QUORUM_CONCURRENCY ?? opened.instances,
      processors: createJobProcessors({
        github: { forInstallation: (id) => probot.auth(id) },
        pool,
        queues,
        logger,
        demo: opened.demo,
      }),
    });
    progress = await startProgressReporter({
      queues,
      github: { forInstallation: (id) => probot.auth(id) },
      logger,
    });
    logger.info({ instances: opened.instances }, "workers ready");
  }
  if (options.web) {
    server = new Server({
      Probot: ProbotWithCredentials,
      port: Number(process.env.PORT) || 3000,
      host: process.env.HOST,
      log: logger,
    });
    await server.load(createQuorumApp({ queues }));
    await server.start();
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: no new jobs; finishing running ones");
    await server?.stop();
    await progress?.close();
    await workers?.close();
    await pool?.dispose();
    await queues.dispose();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
