// `npm run schemas`: writes the JSON schemas and docs/configuration.md from the zod schemas.
// `npm run schemas -- --check`: writes nothing, exits 1 when a committed file is stale (for CI).
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { renderConfigArtifacts, repoRoot } from "./render-config-artifacts.ts";

const check = process.argv.includes("--check");
let stale = 0;
for (const artifact of await renderConfigArtifacts()) {
  const file = join(repoRoot, artifact.path);
  const current = await readFile(file, "utf8").catch(() => null);
  if (current === artifact.content) continue;
  if (check) {
    stale++;
    process.stderr.write(`stale: ${artifact.path} (run \`npm run schemas\`)\n`);
    continue;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, artifact.content);
  process.stdout.write(`wrote ${artifact.path}\n`);
}
if (stale > 0) process.exitCode = 1;
