import type { ProbotOctokit } from "probot";

/** The authenticated client Probot hands to event handlers (`context.octokit`) and workers. */
export type Octokit = ProbotOctokit;

/** Identifies one pull request. */
export interface PullRequestRef {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
}
