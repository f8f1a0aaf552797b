import { createProgram } from "./cli/index.ts";

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`quorum: ${message}\n`);
  process.exitCode = 1;
}
