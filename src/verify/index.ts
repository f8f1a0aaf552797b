export type { RootEntry, SandboxMechanism, SandboxTools } from "./build-launch-argv.ts";
export { buildLaunchArgv } from "./build-launch-argv.ts";
export { buildSandboxEnvironment, defaultSandboxPath } from "./build-sandbox-environment.ts";
export { CappedOutput } from "./capped-output.ts";
export { createSandbox } from "./create-sandbox.ts";
export type { CreateSandboxOptions } from "./create-sandbox.ts";
export type { Sandbox, SandboxRunRequest, SandboxRunResult } from "./sandbox.ts";
export {
  SandboxRequestError,
  SandboxRunError,
  SandboxUnavailableError,
  type SandboxAttempt,
} from "./sandbox-errors.ts";
export { defaultSandboxLimits, resolveSandboxLimits, type SandboxLimits } from "./sandbox-limits.ts";
export {
  defaultSandboxUids,
  readSandboxSettings,
  sandboxModes,
  type SandboxMode,
  type SandboxSettings,
  type SandboxUidRange,
} from "./sandbox-mode.ts";
export { findExecutable } from "./find-executable.ts";
