export { checkLabelPermission, type LabelPermissionRequest } from "./check-label-permission.ts";
export type {
  CommandDependencies,
  CommandHook,
  CommandHookResult,
  CommandRequest,
} from "./command-dependencies.ts";
export { createFixHook } from "./create-fix-hook.ts";
export { createTestsHook } from "./create-tests-hook.ts";
export {
  enqueuePullRequestTests,
  forkTestsReply,
  type PullRequestTestsRequest,
} from "./enqueue-pull-request-tests.ts";
export { readRepoConfig, type RepoConfigContext } from "./read-repo-config.ts";
export { registerCommandHandlers } from "./register-command-handlers.ts";
