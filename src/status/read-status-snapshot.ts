import type { Logger } from "pino";
import type { ReviewQueues } from "../queue/index.ts";
import type { PoolState } from "./pool-state.ts";
import { readPoolStates } from "./read-pool-states.ts";
import { readRuns } from "./read-runs.ts";
import type { RunView } from "./run-view.ts";

/** Everything the status page shows; `/quorum/status.json` serves it as is. */
export interface StatusSnapshot {
  /** Epoch milliseconds. */
  readonly generatedAt: number;
  /** The queue prefix the page looks at. */
  readonly prefix: string;
  readonly workers: readonly PoolState[];
  /** Unfinished runs first, then the most recently finished. */
  readonly runs: readonly RunView[];
}

export interface ReadStatusOptions {
  /** The runs' jobs, and the connection the heartbeats are read through. */
  readonly queues: ReviewQueues;
  /** Base of the links to GitHub: `readGitHubWebUrl`. */
  readonly githubUrl: string;
  readonly logger?: Logger | undefined;
  /** Default: 20. */
  readonly runLimit?: number;
}

/** The pools of every live worker (from their heartbeats) and the recent runs (from BullMQ). */
export async function readStatusSnapshot(options: ReadStatusOptions): Promise<StatusSnapshot> {
  const { queues } = options;
  const [workers, runs] = await Promise.all([
    readPoolStates({ redis: queues.connection, prefix: queues.settings.prefix, logger: options.logger }),
    readRuns({ queues, githubUrl: options.githubUrl, limit: options.runLimit }),
  ]);
  return { generatedAt: Date.now(), prefix: queues.settings.prefix, workers, runs };
}
