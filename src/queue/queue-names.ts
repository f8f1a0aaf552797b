/** Control work (prepare, fuse, publish): cheap, needs GitHub, no model. */
export const controlQueueName = "quorum-control";
/** Model work: one job per agent call; only workers with a pool take it. */
export const reviewQueueName = "quorum-review";

/** Fix work: checks out the repository, runs fix agents and the sandboxed tests. */
export const fixQueueName = "quorum-fix";

export const jobNames = {
  fix: "fix-issue",
  tests: "generate-tests",
  prepare: "prepare-review",
  review: "review-chunk",
  fuse: "fuse-findings",
  publish: "publish-review",
} as const;
