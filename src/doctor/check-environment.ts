import { environmentSchema, type Environment } from "../config/index.ts";
import { createProblem, type DoctorCheck } from "./doctor-check.ts";

export interface CheckedEnvironment {
  /** The environment with every invalid variable replaced by its default, so the other checks can run. */
  readonly environment: Environment;
  readonly checks: DoctorCheck[];
}

/** Quorum's own variables, one line per invalid one (valid ones show up in the lines that use them). */
export function checkEnvironment(env: NodeJS.ProcessEnv): CheckedEnvironment {
  const valid: Record<string, unknown> = {};
  const checks: DoctorCheck[] = [];
  for (const [key, field] of Object.entries(environmentSchema.shape)) {
    const result = field.safeParse(env[key]);
    if (result.success) {
      valid[key] = env[key];
      continue;
    }
    const message = result.error.issues.map((i) => i.message).join("; ");
    checks.push(
      createProblem(
        "fail",
        "environment",
        key,
        `invalid (${message}); the default is used below`,
        `Fix or unset ${key}: ${field.description ?? "see docs/configuration.md"}`,
      ),
    );
  }
  return { environment: environmentSchema.parse(valid), checks };
}
