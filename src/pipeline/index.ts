export { createJobProcessors, NoPoolError, type PipelineDependencies } from "./create-job-processors.ts";
export type { GitHubGateway } from "./github-gateway.ts";
export { toFuseOptions, toPlanOptions } from "./map-repo-config.ts";
export { renderConfigProblems } from "./render-config-problems.ts";
export {
  GitRefError,
  readLocalChange,
  runLocalReview,
  type LocalChange,
  type LocalReviewInput,
  type LocalReviewResult,
} from "./run-local-review.ts";
export { renderRunGraph, type RunGraphInput, type TaskState } from "./render-run-graph.ts";
export {
  startProgressReporter,
  type ProgressReporter,
  type ProgressReporterOptions,
} from "./start-progress-reporter.ts";
export { processFixJob, type FixProcessorDependencies } from "./process-fix-job.ts";
export { processTestsJob, type TestsProcessorDependencies } from "./process-tests-job.ts";
