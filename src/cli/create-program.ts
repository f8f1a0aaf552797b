import { Command, Option } from "commander";
import { readEnvironment } from "../config/index.ts";
import { createLogger } from "./create-logger.ts";
import { runDoctorCommand } from "./run-doctor-command.ts";
import { runPoolCommand } from "./run-pool-command.ts";
import { runReviewCommand } from "./run-review-command.ts";
import { runServeCommand } from "./run-serve-command.ts";

export function createProgram(): Command {
  const program = new Command("quorum")
    .description("Pull-request review by a quorum of local language models.")
    .showHelpAfterError();

  program
    .command("all", { isDefault: true })
    .description(
      "Run everything in one process (the default; a mini PC): webhooks, the workers and the model pool.",
    )
    .action(async () => {
      await runServeCommand({ web: true, control: true, models: true }, readEnvironment(), createLogger());
    });

  program
    .command("serve")
    .description(
      "Serve webhooks and enqueue work only; `quorum worker` processes (here or on other machines) run it.",
    )
    .action(async () => {
      await runServeCommand({ web: true, control: false, models: false }, readEnvironment(), createLogger());
    });

  program
    .command("worker")
    .description("Run workers and the model pool only (no webhook server), against REDIS_URL.")
    .option("--no-control", "run model jobs only (needs no app credentials)")
    .action(async (opts: { control: boolean }) => {
      await runServeCommand(
        { web: false, control: opts.control, models: true },
        readEnvironment(),
        createLogger(),
      );
    });

  program
    .command("review")
    .description(
      "Review a local git range with the model pool and print the fused review (no GitHub, no Redis).",
    )
    .requiredOption("--repo <dir>", "the git repository", ".")
    .requiredOption("--base <ref>", "the base ref (the review covers base...head, like a pull request)")
    .requiredOption("--head <ref>", "the head ref", "HEAD")
    .addOption(
      new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"),
    )
    .option("--pool <file>", "the model-pool file (default: QUORUM_POOL or models/pool.yml)")
    .action(
      async (opts: {
        repo: string;
        base: string;
        head: string;
        format: "markdown" | "json";
        pool?: string;
      }) => {
        const env = readEnvironment();
        await runReviewCommand({ ...opts, pool: opts.pool ?? env.QUORUM_POOL }, createLogger());
      },
    );

  program
    .command("pool")
    .description(
      "Print the pool's plan (models, instances, memory per instance, threads, GPU layers) and the live state of running pools.",
    )
    .option("--pool <file>", "the model-pool file (default: QUORUM_POOL or models/pool.yml)")
    .option("--json", "print JSON instead of a table")
    .action(async (opts: { pool?: string; json?: boolean }) => {
      const env = readEnvironment();
      await runPoolCommand(
        {
          pool: opts.pool ?? env.QUORUM_POOL,
          json: opts.json === true,
          live: { redisUrl: env.REDIS_URL, prefix: env.QUORUM_QUEUE_PREFIX },
        },
        createLogger(),
      );
    });

  program
    .command("doctor")
    .description(
      "Check this machine, Redis, the sandbox, the credentials and the pool; print the hardware plan.",
    )
    .option("--pool <file>", "the model-pool file (default: QUORUM_POOL or models/pool.yml)")
    .option("--json", "print JSON instead of a table")
    .action(async (opts: { pool?: string; json?: boolean }) => {
      // No readEnvironment() first: the doctor reports bad variables as lines of its own.
      process.exitCode = await runDoctorCommand(
        { pool: opts.pool, json: opts.json === true },
        process.env,
        createLogger(),
      );
    });

  return program;
}
