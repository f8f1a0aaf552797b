import { existsSync } from "node:fs";
import { createProgram } from "./cli/index.ts";

// Probot's setup flow writes the app's credentials to .env; read them on the next start.
if (existsSync(".env")) process.loadEnvFile(".env");

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`quorum: ${message}\n`);
  process.exitCode = 1;
}
