import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import type { Logger } from "pino";
import type { Probot } from "probot";
import { createQuorumApp } from "../../src/app.ts";
import {
  createJobProcessors,
  processFixJob,
  processTestsJob,
  type FixProcessorDependencies,
} from "../../src/pipeline/index.ts";
import type { ModelPool } from "../../src/pool/index.ts";
import { startQuorumWorkers, type ReviewQueues } from "../../src/queue/index.ts";
import { createSandbox, openWorkspace, readSandboxSettings } from "../../src/verify/index.ts";
import { createTestProbot } from "../helpers/create-test-probot.ts";
import { createTestQueues } from "../helpers/use-test-queues.ts";
import { waitForFinishedJob } from "../helpers/wait-for-finished-job.ts";

export interface VerifiedWorkAppInput {
  /** Names the app's temporary directory, e.g. `fix-e2e`. */
  readonly name: string;
  readonly logger: Logger;
  /** The pool each fix or tests job uses, asked per job so a test can switch models between jobs. */
  readonly pool: () => { readonly pool: ModelPool; readonly demo: boolean };
}

/** A job on the fix queue once it has ended. */
export interface FinishedJob {
  readonly state: "completed" | "failed";
  /** The job's return value (what was published), when it completed. */
  readonly result: unknown;
  readonly failedReason: string | undefined;
}

export interface VerifiedWorkApp {
  /**
   * A temporary directory the sandbox can reach, removed by `dispose`: create fixture repositories
   * in it. The repository cache is its `cache` folder; local clone URLs are allowed.
   */
  readonly root: string;
  readonly queues: ReviewQueues;
  /** The Quorum app on a test Probot: deliver webhooks to it; GitHub is whatever nock fakes. */
  readonly probot: Probot;
  /** Waits for a queued fix or tests job to end; throws when it was never queued or does not end in time. */
  waitForJob(jobId: string, timeoutMs: number): Promise<FinishedJob>;
  /** Like `waitForJob`, for a job that must complete: its result, or an error with why it failed. */
  jobResult(jobId: string, timeoutMs: number): Promise<unknown>;
  /** Closes the workers, removes the queues' keys and the root, and lets nock's interceptors and the network be. */
  dispose(): Promise<void>;
}

/**
 * Quorum's web side and its fix and tests workers as `quorum serve` runs them (real Redis, real
 * git, the real sandbox), for end-to-end tests of verified work. Real network is off until
 * `dispose`: any request nock does not fake fails the test.
 */
export async function startVerifiedWorkApp(input: VerifiedWorkAppInput): Promise<VerifiedWorkApp> {
  const { logger } = input;
  const root = await mkdtemp(join(tmpdir(), `quorum-${input.name}-`));
  // The sandbox user must be able to reach worktrees under it.
  await chmod(root, 0o711);
  const sandbox = await createSandbox({ ...readSandboxSettings(), logger });
  const { queues, cleanup } = createTestQueues();
  const probot = createTestProbot();
  await probot.load(createQuorumApp({ queues }));
  const github = { forInstallation: (id: number) => probot.auth(id) };
  const dependencies = (): FixProcessorDependencies => ({
    github,
    ...input.pool(),
    sandbox,
    logger,
    // Every stage gets its edit of the progress comment, so tests can count on seeing one.
    progressIntervalMs: 0,
    openWorkspace: ({ cloneUrl, token, logger: jobLogger }) =>
      openWorkspace({
        cacheDir: join(root, "cache"),
        cloneUrl,
        token,
        allowLocalUrls: true,
        logger: jobLogger,
      }),
  });
  const workers = await startQuorumWorkers({
    settings: queues.settings,
    logger,
    control: false,
    review: false,
    fix: true,
    processors: {
      ...createJobProcessors({ github, ...input.pool(), queues, logger }),
      fix: (job, signal) => processFixJob(dependencies(), job, signal),
      tests: (job, signal) => processTestsJob(dependencies(), job, signal),
    },
  });
  nock.disableNetConnect();
  const app: VerifiedWorkApp = {
    root,
    queues,
    probot,
    async jobResult(jobId, timeoutMs) {
      const job = await app.waitForJob(jobId, timeoutMs);
      if (job.state !== "completed") throw new Error(`job ${jobId} failed: ${job.failedReason ?? ""}`);
      return job.result;
    },
    async waitForJob(jobId, timeoutMs) {
      if ((await queues.fix.getJob(jobId)) === undefined) throw new Error(`job ${jobId} was not queued`);
      const { state, job } = await waitForFinishedJob(queues.fix, jobId, { timeoutMs, pollMs: 200 });
      return { state, result: job?.returnvalue, failedReason: job?.failedReason };
    },
    async dispose() {
      nock.cleanAll();
      nock.enableNetConnect();
      await workers.close();
      await cleanup();
      await rm(root, { recursive: true, force: true });
    },
  };
  return app;
}
