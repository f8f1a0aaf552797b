import path from "node:path";
import type { Logger } from "pino";
import { describePoolPlan, loadPoolConfig, renderPoolPlan } from "../pool/index.ts";

export interface PoolCommandOptions {
  /** The pool file. */
  readonly pool: string;
  /** Print the plan as JSON instead of a table. */
  readonly json: boolean;
}

/**
 * `quorum pool`: the plan the pool would follow on this machine (models, instances, memory per
 * instance, threads, GPU layers), to stdout. It loads each model's weights briefly to measure
 * threads, but creates no instances. Throws what starting the pool would (`PoolConfigError`,
 * `ModelLoadError`, `PoolPlanError`), so a configuration that does not fit is reported with numbers.
 */
export async function runPoolCommand(options: PoolCommandOptions, logger: Logger): Promise<void> {
  const config = await loadPoolConfig(options.pool);
  const report = await describePoolPlan(config, {
    baseDir: path.dirname(path.resolve(options.pool)),
    logger,
  });
  const text = options.json ? `${JSON.stringify(report, null, 2)}\n` : renderPoolPlan(report);
  process.stdout.write(
    config.demo && !options.json ? `${text}Demo pool: its models only exercise the machinery.\n` : text,
  );
}
