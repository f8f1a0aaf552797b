import type { Logger } from "pino";
import {
  createSystemProbes,
  renderDoctorJson,
  renderDoctorTable,
  runDoctor,
  type DoctorProbes,
} from "../doctor/index.ts";

export interface DoctorCommandOptions {
  /** Pool file to check. Default: QUORUM_POOL, else models/pool.yml. */
  readonly pool?: string | undefined;
  /** Print JSON instead of the table. */
  readonly json: boolean;
}

export interface DoctorCommandIo {
  /** Where the report goes. Default: process.stdout. */
  readonly stdout?: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** Default: the real machine's probes. */
  readonly probes?: DoctorProbes;
}

/** `quorum doctor`: checks the installation and prints the hardware plan. Returns the exit code (1 on any fail). */
export async function runDoctorCommand(
  options: DoctorCommandOptions,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  io: DoctorCommandIo = {},
): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const probes = io.probes ?? createSystemProbes({ logger });
  try {
    const report = await runDoctor({ env, poolFile: options.pool }, probes);
    logger.debug({ verdict: report.verdict, checks: report.checks.length }, "doctor finished");
    stdout.write(
      options.json ? renderDoctorJson(report) : renderDoctorTable(report, { color: stdout.isTTY === true }),
    );
    return report.verdict === "fail" ? 1 : 0;
  } finally {
    await probes.dispose();
  }
}
