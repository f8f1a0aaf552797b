import type { PoolModelConfig } from "../config/index.ts";
import { contextSizesToSample, type MachineFacts } from "../pool/index.ts";
import { checkCredentials } from "./check-credentials.ts";
import { checkEndpoint } from "./check-endpoint.ts";
import { checkEnvironment } from "./check-environment.ts";
import { checkGit } from "./check-git.ts";
import { checkHardware } from "./check-hardware.ts";
import { checkModelFile } from "./check-model-file.ts";
import { checkNode } from "./check-node.ts";
import { checkPlan } from "./check-plan.ts";
import { checkPool } from "./check-pool.ts";
import { checkRedis } from "./check-redis.ts";
import { checkDependencyInstall } from "./check-dependency-install.ts";
import { checkSandbox } from "./check-sandbox.ts";
import { checkWebhook } from "./check-webhook.ts";
import { summarizeVerdict, type DoctorCheck, type Verdict } from "./doctor-check.ts";
import type { DoctorProbes, HardwareFacts, ModelFileFacts } from "./doctor-probes.ts";
import { planHardware, type HardwarePlan, type PlanModelInput } from "./plan-hardware.ts";

const mib = 1024 * 1024;

type LocalModel = PoolModelConfig & { readonly file: string };

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
    probes.inspectSandbox(env),
    probes.readPrivateKey(env),
    probes.loadPool(poolFile),
    probes.inspectHardware(),
  ]);
  const models = pool.loaded ? pool.config.models : [];
  const localModels: LocalModel[] = models.flatMap((m) =>
    m.file === undefined ? [] : [{ ...m, file: m.file }],
  );
  // One at a time: each estimate walks the file's tensor table, and models can be large.
  const modelFacts: ModelFileFacts[] = [];
  for (const model of localModels) {
    modelFacts.push(await probes.inspectModelFile(model.file, contextSizesToSample(model.contextSize)));
  }
  const endpointChecks = await Promise.all(
    models.flatMap((model) => (model.endpoint === undefined ? [] : [checkEndpointModel(model, env, probes)])),
  );

  const checks: DoctorCheck[] = [
    checkNode(probes.readNodeVersion()),
    checkGit(gitVersion),
    ...environmentChecks,
    ...checkRedis({ url: environment.REDIS_URL, configured: redisConfigured, facts: redis, redisServerPath }),
    checkSandbox(sandbox),
    checkDependencyInstall(environment.QUORUM_INSTALL_REGISTRY, sandbox),
    ...checkCredentials({ env, privateKey }),
    ...checkWebhook(env),
    ...checkPool(poolFile, pool),
    ...localModels.flatMap((model, i) => (modelFacts[i] ? checkModelFile(model, modelFacts[i]) : [])),
    ...endpointChecks,
    ...checkHardware(hardware),
  ];

  const planInputs = toPlanInputs(localModels, modelFacts);
  let plan: HardwarePlan | null = null;
  if (pool.loaded && planInputs.estimated.length > 0) {
    plan = planHardware(toMachineFacts(hardware, pool.config.reserveMemoryMb * mib), planInputs.estimated);
    checks.push(...checkPlan({ plan, poolFile, unestimated: planInputs.unestimated }));
  }
  return { verdict: summarizeVerdict(checks), checks, hardware, plan };
}

async function checkEndpointModel(
  model: PoolModelConfig,
  env: NodeJS.ProcessEnv,
  probes: DoctorProbes,
): Promise<DoctorCheck> {
  const apiKey = model.apiKeyEnv === undefined ? undefined : env[model.apiKeyEnv];
  const keyMissing = model.apiKeyEnv !== undefined && (apiKey ?? "") === "";
  const facts =
    keyMissing || model.endpoint === undefined
      ? undefined
      : await probes.inspectEndpoint(model.endpoint, apiKey);
  return checkEndpoint({ model, env, facts });
}

function toPlanInputs(
  models: readonly LocalModel[],
  facts: readonly ModelFileFacts[],
): { estimated: PlanModelInput[]; unestimated: string[] } {
  const estimated: PlanModelInput[] = [];
  const unestimated: string[] = [];
  models.forEach((model, i) => {
    const fact = facts[i];
    const gguf = fact?.readable ? fact.gguf : undefined;
    if (gguf?.costs === undefined) {
      unestimated.push(model.name);
      return;
    }
    estimated.push({
      request: {
        name: model.name,
        instances: model.instances,
        contextSize: model.contextSize,
        gpuLayers: model.gpuLayers,
        threads: model.threads,
      },
      facts: {
        name: model.name,
        totalLayers: gguf.costs.totalLayers,
        trainContextSize: gguf.trainContextSize,
        weightsBytes: gguf.costs.weightsBytes,
        contextCosts: gguf.costs.contextCosts,
      },
    });
  });
  return { estimated, unestimated };
}

/** The machine as the pool's planner sees it. A llama.cpp that did not start plans as CPU only. */
function toMachineFacts(hardware: HardwareFacts, reserveRamBytes: number): MachineFacts {
  return {
    cores: hardware.cores,
    totalRamBytes: hardware.totalRamBytes,
    freeRamBytes: hardware.availableRamBytes,
    reserveRamBytes,
    gpu: hardware.gpu ?? false,
    freeVramBytes: hardware.vram?.freeBytes ?? 0,
  };
}
