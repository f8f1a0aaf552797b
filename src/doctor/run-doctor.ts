import type { PoolModelConfig } from "../config/index.ts";
import { checkCredentials } from "./check-credentials.ts";
import { checkEnvironment } from "./check-environment.ts";
import { checkGit } from "./check-git.ts";
import { checkHardware } from "./check-hardware.ts";
import { checkModelFile } from "./check-model-file.ts";
import { checkNode } from "./check-node.ts";
import { checkPlan } from "./check-plan.ts";
import { checkPool } from "./check-pool.ts";
import { checkRedis } from "./check-redis.ts";
import { checkSandbox } from "./check-sandbox.ts";
import { checkWebhook } from "./check-webhook.ts";
import { summarizeVerdict, type DoctorCheck, type Verdict } from "./doctor-check.ts";
import type { DoctorProbes, HardwareFacts, ModelFileFacts } from "./doctor-probes.ts";
import { planHardware, type HardwarePlan, type PlanModelInput } from "./plan-hardware.ts";

export interface DoctorInput {
  readonly env: NodeJS.ProcessEnv;
  /** The pool file to check. Default: QUORUM_POOL (or its default). */
  readonly poolFile?: string | undefined;
}

export interface DoctorReport {
  /** The worst line: `fail` makes `quorum doctor` exit non-zero. */
  readonly verdict: Verdict;
  readonly checks: readonly DoctorCheck[];
  readonly hardware: HardwareFacts;
  /** Null when the pool file did not load or no model could be estimated. */
  readonly plan: HardwarePlan | null;
}

/** Gathers the facts through `probes` (in parallel where independent) and turns them into doctor lines. */
export async function runDoctor(input: DoctorInput, probes: DoctorProbes): Promise<DoctorReport> {
  const { env } = input;
  const { environment, checks: environmentChecks } = checkEnvironment(env);
  const poolFile = input.poolFile ?? environment.QUORUM_POOL;
  const redisConfigured = (env.REDIS_URL ?? "") !== "";

  const [gitVersion, redis, redisServerPath, sandbox, privateKey, pool, hardware] = await Promise.all([
    probes.readGitVersion(),
    probes.inspectRedis(environment.REDIS_URL),
    probes.findExecutable("redis-server"),
    probes.inspectSandbox(),
    probes.readPrivateKey(env),
    probes.loadPool(poolFile),
    probes.inspectHardware(),
  ]);
  const models = pool.loaded ? pool.config.models : [];
  // One at a time: each estimate walks the file's tensor table, and models can be large.
  const modelFacts: ModelFileFacts[] = [];
  for (const model of models) modelFacts.push(await probes.inspectModelFile(model.file));

  const checks: DoctorCheck[] = [
    checkNode(probes.readNodeVersion()),
    checkGit(gitVersion),
    ...environmentChecks,
    ...checkRedis({ url: environment.REDIS_URL, configured: redisConfigured, facts: redis, redisServerPath }),
    checkSandbox(sandbox),
    ...checkCredentials({ env, privateKey }),
    ...checkWebhook(env),
    ...checkPool(poolFile, pool),
    ...models.flatMap((model, i) => (modelFacts[i] ? checkModelFile(model, modelFacts[i]) : [])),
    ...checkHardware(hardware),
  ];

  const planInputs = toPlanInputs(models, modelFacts);
  let plan: HardwarePlan | null = null;
  if (planInputs.estimated.length > 0) {
    plan = planHardware(hardware, planInputs.estimated);
    checks.push(
      ...checkPlan({
        plan,
        poolFile,
        kvBytesPerToken: new Map(planInputs.estimated.map((m) => [m.name, m.memory.kvBytesPerToken])),
        unestimated: planInputs.unestimated,
      }),
    );
  }
  return { verdict: summarizeVerdict(checks), checks, hardware, plan };
}

function toPlanInputs(
  models: readonly PoolModelConfig[],
  facts: readonly ModelFileFacts[],
): { estimated: PlanModelInput[]; unestimated: string[] } {
  const estimated: PlanModelInput[] = [];
  const unestimated: string[] = [];
  models.forEach((model, i) => {
    const fact = facts[i];
    const gguf = fact?.readable ? fact.gguf : undefined;
    if (gguf?.memory === undefined) {
      unestimated.push(model.name);
      return;
    }
    estimated.push({
      name: model.name,
      instances: model.instances,
      contextSize: model.contextSize,
      memory: gguf.memory,
      ...(gguf.trainContextSize === undefined ? {} : { trainContextSize: gguf.trainContextSize }),
    });
  });
  return { estimated, unestimated };
}
