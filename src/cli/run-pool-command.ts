import path from "node:path";
import type { Logger } from "pino";
import { describePoolPlan, loadPoolConfig, renderPoolPlan } from "../pool/index.ts";
import { readLivePools } from "./read-live-pools.ts";
import { renderLivePools } from "./render-live-pools.ts";

export interface PoolCommandOptions {
  /** The pool file. */
  readonly pool: string;
  /** Print the plan as JSON instead of a table. */
  readonly json: boolean;
  /**
   * Where running Quorum processes publish their pools' heartbeats (REDIS_URL and
   * QUORUM_QUEUE_PREFIX). Default: none, and only the plan is printed.
   */
  readonly live?: { readonly redisUrl: string; readonly prefix: string } | undefined;
}

/**
 * `quorum pool`: the plan the pool would follow on this machine (models, instances, memory per
 * instance, threads, GPU layers), then the live state of every running pool sharing the Redis, to
 * stdout. It loads each model's weights briefly to measure
 * threads, but creates no instances. Throws what starting the pool would (`PoolConfigError`,
 * `ModelLoadError`, `PoolPlanError`), so a configuration that does not fit is reported with numbers.
 */
export async function runPoolCommand(options: PoolCommandOptions, logger: Logger): Promise<void> {
  const config = await loadPoolConfig(options.pool);
  const report = await describePoolPlan(config, {
    baseDir: path.dirname(path.resolve(options.pool)),
    logger,
  });
  const live = options.live ? await readLivePools(options.live.redisUrl, options.live.prefix) : undefined;
  if (options.json) {
    process.stdout.write(`${JSON.stringify(live ? { ...report, live } : report, null, 2)}\n`);
    return;
  }
  let text = renderPoolPlan(report);
  if (config.demo) text += "Demo pool: its models only exercise the machinery.\n";
  if (live) text += `\n${renderLivePools(live, Date.now())}`;
  process.stdout.write(text);
}
