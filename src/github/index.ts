export type { Octokit, PullRequestRef } from "./octokit.ts";
export { fetchPullRequestFiles } from "./fetch-pull-request-files.ts";
export { classifyGitHubError } from "./classify-github-error.ts";
export type { GitHubErrorClass } from "./classify-github-error.ts";
export {
  canWrite,
  fetchRepositoryPermission,
  PermissionLookupError,
  repositoryPermissions,
  type RepositoryPermission,
  type RepositoryPermissionRequest,
} from "./fetch-repository-permission.ts";
export { fetchPullRequestHead, type PullRequestHead } from "./fetch-pull-request-head.ts";
export { isFromFork } from "./is-from-fork.ts";
export { toChangedFile, type GitHubDiffEntry } from "./fetch-pull-request-files.ts";
export { fetchComparison, type Comparison } from "./fetch-comparison.ts";
export { fetchOwnReviewComments, type OwnReviewComment } from "./fetch-own-review-comments.ts";
