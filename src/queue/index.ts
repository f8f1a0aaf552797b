export { buildReviewFlow, type ReviewFlowInput } from "./build-review-flow.ts";
export { computeBackoff, githubAwareBackoff, githubAwareBackoffType } from "./compute-backoff.ts";
export { computeRunId, toJobIds } from "./compute-run-id.ts";
export { createRedisConnection } from "./create-redis-connection.ts";
export { enqueueFix, enqueueTests } from "./enqueue-verified-work.ts";
export { enqueuePrepare, EnqueueError, redisDeadlineMs } from "./enqueue-prepare.ts";
export type {
  FixJobData,
  FixJobResult,
  TestsJobData,
  FuseJobData,
  FuseJobResult,
  PrepareJobData,
  PrepareJobResult,
  PublishJobData,
  PublishJobResult,
  ReviewJobData,
  ReviewJobResult,
  RunContext,
} from "./job-data.ts";
export { controlQueueName, fixQueueName, jobNames, reviewQueueName } from "./queue-names.ts";
export { ReviewQueues, type QueueSettings } from "./review-queues.ts";
export { ReviewMemory, type ReviewState } from "./review-memory.ts";
export { RunRegistry } from "./run-registry.ts";
export {
  startQuorumWorkers,
  type JobProcessors,
  type QuorumWorkers,
  type WorkerOptions,
} from "./start-quorum-workers.ts";
export { toTaskState } from "./to-task-state.ts";
export { DeadlineError, withDeadline } from "./with-deadline.ts";
