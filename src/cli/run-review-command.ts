import path from "node:path";
import type { Logger } from "pino";
import { readLocalChange, runLocalReview } from "../pipeline/index.ts";
import { renderJsonReport, renderMarkdownReport } from "../report/index.ts";
import { createProgressDisplay } from "./create-progress-display.ts";
import { openPool } from "./open-pool.ts";

export interface ReviewCommandOptions {
  readonly repo: string;
  readonly base: string;
  readonly head: string;
  readonly format: "markdown" | "json";
  readonly pool: string;
}

/** `quorum review`: the same pipeline on a local git range; the report goes to stdout, progress to stderr. */
export async function runReviewCommand(options: ReviewCommandOptions, logger: Logger): Promise<void> {
  const change = await readLocalChange(path.resolve(options.repo), options.base, options.head);
  const { pool, demo } = await openPool(options.pool, logger);
  const progress = createProgressDisplay({ stream: process.stderr, label: "review tasks" });
  try {
    const result = await runLocalReview({
      change,
      pool,
      logger,
      onProgress: (done, total, detail) => progress.update(done, total, detail),
    });
    progress.finish();
    for (const problem of result.config.problems) {
      process.stderr.write(
        `quorum: .github/quorum.yml ${problem.field}: ${problem.message} (default used)\n`,
      );
    }
    const text =
      options.format === "json"
        ? renderJsonReport(result.review)
        : renderMarkdownReport(result.review, { demo });
    process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  } finally {
    progress.finish();
    await pool.dispose();
  }
}
