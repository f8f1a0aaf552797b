export {
  decidePullRequestReview,
  reviewedActions,
  type PullRequestEventPayload,
  type ReviewDecision,
  type ReviewedAction,
} from "./decide-pull-request-review.ts";
export * from "./parse-slash-command.ts";
export { decideFixLabel, type FixLabelDecision, type IssueLabeledPayload } from "./decide-fix-label.ts";
export {
  decideTestsLabel,
  type PullRequestLabeledPayload,
  type TestsLabelDecision,
} from "./decide-tests-label.ts";
