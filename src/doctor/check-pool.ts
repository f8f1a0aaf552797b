import type { PoolConfig } from "../config/index.ts";
import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";
import type { PoolFacts } from "./doctor-probes.ts";

const realModelFix =
  'Fetch a real code model and write a pool file for it (models/README.md, "Use a real model"), then set QUORUM_POOL to that file.';

export function checkPool(file: string, facts: PoolFacts): DoctorCheck[] {
  if (!facts.loaded) {
    return [
      createProblem(
        "fail",
        "pool",
        "file",
        `${file}: ${facts.issues.join("; ")}`,
        "Fix the fields named above (every option: docs/configuration.md, schema: schemas/pool.schema.json), or point QUORUM_POOL at another pool file.",
      ),
    ];
  }
  const { config } = facts;
  const lines = [createOk("pool", "file", `${file}: ${describePool(config)}`)];
  if (config.demo) {
    lines.push(
      createProblem(
        "warn",
        "pool",
        "demo",
        "demo: true — the models write nonsense; reviews only show the machinery working",
        realModelFix,
      ),
    );
  }
  if (!config.models.some((m) => m.roles.includes("review"))) {
    lines.push(
      createProblem(
        "warn",
        "pool",
        "roles",
        "no model serves the review role, so pull requests are not reviewed by this pool",
        'Add "review" to the `roles` of at least one model (or run a worker with such a pool elsewhere).',
      ),
    );
  }
  return lines;
}

function describePool(config: PoolConfig): string {
  const counted = config.models.reduce((sum, m) => sum + (m.instances === "auto" ? 0 : m.instances), 0);
  const auto = config.models.some((m) => m.instances === "auto");
  const instances = auto ? `${counted > 0 ? `${counted} + ` : ""}auto instances` : `${counted} instances`;
  const models = config.models
    .map(
      (m) =>
        `${m.name} ×${m.instances} [${m.roles.join(", ")}]${m.endpoint === undefined ? "" : " (endpoint)"}`,
    )
    .join(", ");
  return `${config.models.length} model${config.models.length === 1 ? "" : "s"}, ${instances} (${models})`;
}
