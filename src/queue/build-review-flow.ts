import { githubAwareBackoffType } from "./compute-backoff.ts";
import type { FlowJob } from "bullmq";
import type { RepoConfig } from "../config/index.ts";
import type { ChangedFile, ReviewPlan, ReviewTask } from "../domain/index.ts";
import type { ConfigProblem } from "../config/index.ts";
import { toJobIds } from "./compute-run-id.ts";
import type { FuseJobData, PublishJobData, ReviewJobData, RunContext } from "./job-data.ts";
import { controlQueueName, jobNames, reviewQueueName } from "./queue-names.ts";

export interface ReviewFlowInput {
  readonly run: RunContext;
  readonly plan: ReviewPlan;
  readonly files: readonly ChangedFile[];
  readonly config: RepoConfig;
  readonly configProblems: readonly ConfigProblem[];
}

/**
 * The plan's DAG as a BullMQ flow: review jobs are children of the fuse job, which is the child of
 * the publish job, so BullMQ itself runs fuse only when every review is done and publish after fuse.
 * A review that fails for good is ignored by its parent (fuse counts it as a failed agent) rather
 * than blocking the whole run.
 */
export function buildReviewFlow({ run, plan, files, config, configProblems }: ReviewFlowInput): FlowJob {
  const ids = toJobIds(run.runId);
  const chunks = new Map(plan.chunks.map((c) => [c.id, c]));
  const reviewTasks = plan.tasks.filter((t): t is ReviewTask => t.kind === "review");
  const reviewJobs: FlowJob[] = reviewTasks.map((task) => {
    const chunk = chunks.get(task.chunkId);
    if (!chunk) throw new Error(`plan is inconsistent: task ${task.id} names unknown chunk ${task.chunkId}`);
    const data: ReviewJobData = { run, task, chunk };
    return {
      name: jobNames.review,
      queueName: reviewQueueName,
      data,
      opts: {
        jobId: ids.review(task.id),
        attempts: 2,
        backoff: { type: githubAwareBackoffType, delay: 1_000 },
        ignoreDependencyOnFailure: true,
      },
    };
  });
  const fuseData: FuseJobData = {
    run,
    reviewTasks: reviewTasks.map(({ id, chunkId, reviewer }) => ({ id, chunkId, reviewer })),
    config,
    skippedFiles: plan.skipped,
  };
  const publishData: PublishJobData = { run, files, configProblems };
  return {
    name: jobNames.publish,
    queueName: controlQueueName,
    data: publishData,
    opts: { jobId: ids.publish, attempts: 5, backoff: { type: githubAwareBackoffType, delay: 2_000 } },
    children: [
      {
        name: jobNames.fuse,
        queueName: controlQueueName,
        data: fuseData,
        opts: { jobId: ids.fuse, attempts: 3, backoff: { type: githubAwareBackoffType, delay: 1_000 } },
        children: reviewJobs,
      },
    ],
  };
}
