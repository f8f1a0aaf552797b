export {
  planReview,
  formatReviewTaskId,
  fuseTaskId,
  publishTaskId,
  renderFileHeader,
} from "./plan-review.ts";
export {
  defaultIgnorePatterns,
  defaultPlanOptions,
  estimateTokensByLength,
  resolvePlanOptions,
} from "./plan-options.ts";
export type { PlanOptions } from "./plan-options.ts";
export { matchGlob, findMatchingGlob } from "./match-glob.ts";
export { clipPatch } from "./clip-patch.ts";
export type { ClippedPatch } from "./clip-patch.ts";
