import path from "node:path";
import type { Logger } from "pino";
import { createLlamaPool, loadPoolConfig, type ModelPool } from "../pool/index.ts";

export interface OpenedPool {
  readonly pool: ModelPool;
  readonly demo: boolean;
  readonly instances: number;
}

/** Load the pool file and every model in it before any job is taken, so the first review is not slow. */
export async function openPool(poolFile: string, logger: Logger): Promise<OpenedPool> {
  const config = await loadPoolConfig(poolFile);
  if (config.demo) {
    logger.warn(
      { pool: poolFile },
      "DEMO POOL: the bundled stories260K model writes children's stories, not code reviews. Its output is a demo of the machinery only. Point QUORUM_POOL at a pool file with a real code model (see README).",
    );
  }
  const pool = await createLlamaPool(config, { baseDir: path.dirname(path.resolve(poolFile)), logger });
  // `instances: auto` is resolved by the pool's memory planner, so count what was really created.
  const instances = pool.members().reduce((sum, m) => sum + m.instances, 0);
  return { pool, demo: config.demo, instances };
}
