export { cancelRun, type CancelOptions, type CancelOutcome } from "./cancel-run.ts";
export { claimDelivery, DeliveryStoreError, redisDeadlineMs, type DeliveryClaim } from "./claim-delivery.ts";
export type {
  CommandDependencies,
  CommandHook,
  CommandHookResult,
  CommandRequest,
} from "./command-dependencies.ts";
export { describeRun, type RunDescription, type RunTask } from "./describe-run.ts";
export { readRepoConfig, type RepoConfigContext } from "./read-repo-config.ts";
export { registerCommandHandlers } from "./register-command-handlers.ts";
export { renderEffectiveConfig } from "./render-effective-config.ts";
export { gatedCommands, renderHelp } from "./render-help.ts";
export { renderRunStatus } from "./render-run-status.ts";
export type { CommandPrepareJobData } from "./run-review-command.ts";
export { DeadlineError, withDeadline } from "../queue/index.ts";
export { createFixHook } from "./create-fix-hook.ts";
export { createTestsHook } from "./create-tests-hook.ts";
export { checkLabelPermission, type LabelPermissionRequest } from "./check-label-permission.ts";
export {
  enqueuePullRequestTests,
  forkTestsReply,
  type PullRequestTestsRequest,
} from "./enqueue-pull-request-tests.ts";
