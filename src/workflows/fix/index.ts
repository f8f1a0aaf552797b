export { askUntilOneFits } from "./ask-until-one-fits.ts";
export type { FailedAnswer } from "./ask-until-one-fits.ts";
export type {
  CandidateReport,
  FixProgress,
  FixResult,
  FixStage,
  IssueFixResult,
  NoVerifiedFix,
  NothingToFix,
  ReproductionReport,
  VerifiedFix,
} from "./fix-result.ts";
export { contextCharsFor, defaultFixWorkflowSettings } from "./fix-workflow-settings.ts";
export type { FixWorkflowSettings } from "./fix-workflow-settings.ts";
export { extractMentions, locateRelevantFiles } from "./locate-relevant-files.ts";
export type { LocatedFile, LocatedFiles, LocateInput } from "./locate-relevant-files.ts";
export { maxFindings, planPullRequestFix, selectReviewFindings } from "./plan-pull-request-fix.ts";
export type {
  FixTargets,
  PullRequestFixInput,
  PullRequestFixPlan,
  ReviewCommentLike,
  ReviewFinding,
} from "./plan-pull-request-fix.ts";
export { runFixWorkflow } from "./run-fix-workflow.ts";
export type { FixWorkflowDeps, FixWorkflowInput } from "./run-fix-workflow.ts";
export { patchEquivalenceKey, selectCandidate } from "./select-candidate.ts";
export type { SelectableCandidate } from "./select-candidate.ts";
