import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Every benchmark, one after another in its own process so one's memory does not skew the next. */
const benches = ["bench/pipeline/run-pipeline-bench.ts", "bench/pool/run-pool-bench.ts"].filter((b) =>
  existsSync(b),
);
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  const result = spawnSync(process.execPath, ["--import", "tsx", bench, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  if (result.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
