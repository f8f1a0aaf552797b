export { PublishError } from "./publish-error.ts";
export { checkRunName, completeCheckRun, createCheckRun, updateCheckRun } from "./check-runs.ts";
export type {
  CheckRunConclusion,
  CheckRunOutput,
  CompleteCheckRunRequest,
  CreateCheckRunRequest,
  UpdateCheckRunRequest,
} from "./check-runs.ts";
export type { InlineComment } from "./inline-comment.ts";
export { placeFindings } from "./place-findings.ts";
export type { PlacedFindings } from "./place-findings.ts";
export { postReview, unplacedCommentsHeading } from "./post-review.ts";
export type { PostedReview, ReviewRequest } from "./post-review.ts";
export { sanitizeForGitHub } from "./sanitize-for-github.ts";
export type { SanitizeOptions } from "./sanitize-for-github.ts";
export { redactSecrets } from "./redact-secrets.ts";
export { fitGitHubText, gitHubTextLimit } from "./fit-github-text.ts";
export { postIssueComment, type IssueCommentRequest } from "./post-issue-comment.ts";
export {
  acknowledgeReaction,
  addCommentReaction,
  type CommentReactionRequest,
} from "./add-comment-reaction.ts";
export { stopIfHeadMoved } from "./stop-if-head-moved.ts";
export { redactLogLine } from "./redact-log-line.ts";
export { createBranchWithFiles } from "./create-branch-with-files.ts";
export type { BranchFilesRequest, CreatedBranch } from "./create-branch-with-files.ts";
export type {
  CandidateLike,
  FixResultLike,
  FixTargetsLike,
  LogStepLike,
  PublishedFile,
  ReproductionLike,
  VerificationLogLike,
} from "./fix-publication.ts";
export { publishFixResult } from "./publish-fix-result.ts";
export type { PublishedFix, PublishFixRequest } from "./publish-fix-result.ts";
export {
  renderFixPullRequestBody,
  renderNoVerifiedFixComment,
  renderNothingToFixComment,
  renderVerificationLog,
} from "./render-fix-report.ts";
export type { FixReportContext } from "./render-fix-report.ts";
export { publishGeneratedTests } from "./publish-generated-tests.ts";
export type {
  CoverageLike,
  GeneratedTestsLike,
  PublishedTests,
  PublishGeneratedTestsRequest,
} from "./publish-generated-tests.ts";
export {
  openProgressComment,
  updateProgressComment,
  type ProgressComment,
  type ProgressCommentRequest,
  type ProgressCommentTarget,
} from "./progress-comment.ts";
export {
  renderProgressComment,
  renderProgressOutcome,
  type ProgressCommentView,
  type ProgressOutcome,
  type ProgressStep,
} from "./render-progress-comment.ts";
export {
  createTrailingThrottle,
  type TrailingThrottle,
  type TrailingThrottleOptions,
} from "./create-trailing-throttle.ts";
