import type { RepoConfig } from "../config/index.ts";
import type { FuseOptions } from "../fuse/index.ts";
import { defaultIgnorePatterns, type PlanOptions } from "../plan/index.ts";

export function toPlanOptions(config: RepoConfig): Partial<PlanOptions> {
  return { reviewers: config.review.reviewers, ignore: [...defaultIgnorePatterns, ...config.review.ignore] };
}

export function toFuseOptions(config: RepoConfig): Partial<FuseOptions> {
  return {
    quorum: config.review.quorum,
    minSeverity: config.review.minSeverity,
    maxFindingsPerAgent: config.review.maxFindingsPerAgent,
    failedAgents: config.review.failedAgents,
    disputeRatio: config.review.disputeRatio,
  };
}
