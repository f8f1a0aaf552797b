export type { ChangedFile, FileStatus } from "./changed-file.ts";
export { categories, severities } from "./finding.ts";
export type { AgentIdentity, AgentReport, Category, Clearance, Finding, Severity, Usage } from "./finding.ts";
export { failedAgentPolicies, verificationOutcomes } from "./fused-review.ts";
export type {
  FailedAgentPolicy,
  FusedFinding,
  FusedReview,
  Objection,
  VerificationOutcome,
} from "./fused-review.ts";
export type {
  FuseTask,
  PlanTask,
  PublishTask,
  ReviewChunk,
  ReviewPlan,
  ReviewTask,
  SkippedFile,
  TaskBudget,
} from "./review-plan.ts";
export type { PullRequestRef } from "./pull-request-ref.ts";
