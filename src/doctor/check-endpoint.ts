import type { PoolModelConfig } from "../config/index.ts";
import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";
import type { EndpointFacts } from "./doctor-probes.ts";
import { redactUrl } from "./redact-url.ts";

export interface EndpointCheckInput {
  readonly model: PoolModelConfig;
  readonly env: NodeJS.ProcessEnv;
  /** Undefined when the API key variable is missing, so the endpoint was not asked. */
  readonly facts: EndpointFacts | undefined;
}

/** A pool member served by an OpenAI-compatible API: its key variable, whether it answers, and whether it serves `model`. */
export function checkEndpoint(input: EndpointCheckInput): DoctorCheck {
  const { model, env, facts } = input;
  const endpoint = redactUrl(model.endpoint ?? "");
  const keyVariable = model.apiKeyEnv;
  if (keyVariable !== undefined && (env[keyVariable] ?? "") === "") {
    return createProblem(
      "fail",
      "model",
      model.name,
      `${keyVariable} (the API key for ${endpoint}) is not set`,
      `Set ${keyVariable} in Quorum's environment, or remove apiKeyEnv if the endpoint needs no key.`,
    );
  }
  if (facts === undefined || !facts.reachable) {
    return createProblem(
      "warn",
      "model",
      model.name,
      `${endpoint} does not answer (${facts?.reachable === false ? facts.error : "not asked"}); its calls fall back to local models`,
      `Start the server behind ${endpoint}, or fix "endpoint" for "${model.name}" in the pool file.`,
    );
  }
  if (facts.status === 401 || facts.status === 403) {
    return createProblem(
      "fail",
      "model",
      model.name,
      `${endpoint} refused the request (HTTP ${facts.status})`,
      keyVariable === undefined
        ? `The endpoint wants an API key: put it in an environment variable and name that variable in apiKeyEnv.`
        : `Check the key in ${keyVariable}.`,
    );
  }
  const wanted = model.model ?? "";
  if (facts.modelIds === null) {
    return createOk(
      "model",
      model.name,
      `${endpoint} answers (GET /models: HTTP ${facts.status}); model "${wanted}" not confirmed`,
    );
  }
  if (facts.modelIds.includes(wanted)) return createOk("model", model.name, `${endpoint} serves "${wanted}"`);
  const served = facts.modelIds.slice(0, 5).join(", ") || "nothing";
  return createProblem(
    "warn",
    "model",
    model.name,
    `${endpoint} does not list "${wanted}" (it lists ${served})`,
    `Set "model" for "${model.name}" to one of the ids the endpoint lists, or load that model on the server.`,
  );
}
