export { createQueueDashboard, type QueueDashboard } from "./create-queue-dashboard.ts";
export {
  decideStatusAccess,
  statusCookieName,
  type AccessDecision,
  type StatusRequest,
} from "./decide-status-access.ts";
export { buildGitHubLink, readGitHubWebUrl } from "./github-web-url.ts";
export { installStatusRoutes, type HandlerHost, type StatusRoutesOptions } from "./install-status-routes.ts";
export { poolStateSchema, type PoolState } from "./pool-state.ts";
export { readPoolStates, type PoolStateStore, type ReadPoolStatesOptions } from "./read-pool-states.ts";
export { readRuns, type ReadRunsOptions } from "./read-runs.ts";
export { readStatusSnapshot, type ReadStatusOptions, type StatusSnapshot } from "./read-status-snapshot.ts";
export { redactRequestCredentials } from "./redact-request-credentials.ts";
export { renderStatusPage, type StatusPageOptions } from "./render-status-page.ts";
export type { NodeState, RunKind, RunStatus, RunView, TaskKind, TaskView } from "./run-view.ts";
export { startPoolHeartbeat, type PoolHeartbeat, type PoolHeartbeatOptions } from "./start-pool-heartbeat.ts";
export { readStatusAccess, StatusAccessError, type StatusAccess } from "./status-access.ts";
