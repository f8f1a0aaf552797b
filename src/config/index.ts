export { environmentSchema, EnvironmentError, readEnvironment, type Environment } from "./environment.ts";
export { parseRepoConfig, type ConfigProblem, type ParsedRepoConfig } from "./parse-repo-config.ts";
export {
  poolConfigSchema,
  poolModelSchema,
  roles,
  type PoolConfig,
  type PoolModelConfig,
  type Role,
} from "./pool-config.ts";
export { repoConfigSchema, reviewConfigSchema, type RepoConfig } from "./repo-config.ts";
