/** Control work (prepare, fuse, publish): cheap, needs GitHub, no model. */
export const controlQueueName = "quorum-control";
/** Model work: one job per agent call; only workers with a pool take it. */
export const reviewQueueName = "quorum-review";

export const jobNames = {
  prepare: "prepare-review",
  review: "review-chunk",
  fuse: "fuse-findings",
  publish: "publish-review",
} as const;
