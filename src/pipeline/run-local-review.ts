import { simpleGit } from "simple-git";
import type { Logger } from "pino";
import { parse as parseYaml } from "yaml";
import { runReviewTasks } from "../agents/index.ts";
import { parseRepoConfig, type ParsedRepoConfig } from "../config/index.ts";
import { parseUnifiedDiff } from "../diff/index.ts";
import type { ChangedFile, FusedReview, ReviewPlan } from "../domain/index.ts";
import { fuseReviews } from "../fuse/index.ts";
import { planReview } from "../plan/index.ts";
import type { ModelPool } from "../pool/index.ts";
import { toFuseOptions, toPlanOptions } from "./map-repo-config.ts";

export interface LocalReviewInput {
  readonly change: LocalChange;
  readonly pool: ModelPool;
  readonly logger: Logger;
  /** Called as review tasks finish, for progress display; `detail` names the finished chunk. */
  readonly onProgress?: (done: number, total: number, detail?: string) => void;
}

export interface LocalReviewResult {
  readonly review: FusedReview;
  readonly plan: ReviewPlan;
  readonly config: ParsedRepoConfig;
}

export class GitRefError extends Error {
  override readonly name = "GitRefError";
  readonly retryable = false;
}

/** A ref is passed to git as an argument: never let it look like an option. */
function assertSafeRef(ref: string, what: string): void {
  if (ref.length === 0 || ref.startsWith("-") || /[\s\0]/.test(ref)) {
    throw new GitRefError(
      `${what} "${ref}" is not a valid git ref; use a branch, tag or commit like main or HEAD~1`,
    );
  }
}

async function readConfigAt(repoDir: string, head: string): Promise<ParsedRepoConfig> {
  let text: string;
  try {
    text = await simpleGit(repoDir).show([`${head}:.github/quorum.yml`]);
  } catch {
    return parseRepoConfig(null);
  }
  try {
    return parseRepoConfig(parseYaml(text));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...parseRepoConfig(null),
      problems: [{ field: "(file)", message: `not valid YAML: ${message}` }],
    };
  }
}

export interface LocalChange {
  readonly files: readonly ChangedFile[];
  readonly config: ParsedRepoConfig;
}

/**
 * Read a local range the way a pull request shows it (`base...head`, from the merge base), with the
 * head's `.github/quorum.yml`. Fails fast, before any model is loaded, on refs that do not resolve.
 */
export async function readLocalChange(repoDir: string, base: string, head: string): Promise<LocalChange> {
  assertSafeRef(base, "--base");
  assertSafeRef(head, "--head");
  const git = simpleGit(repoDir);
  try {
    await git.revparse(["--verify", "--end-of-options", `${base}^{commit}`]);
    await git.revparse(["--verify", "--end-of-options", `${head}^{commit}`]);
  } catch (error) {
    throw new GitRefError(
      `cannot resolve ${base} or ${head} in ${repoDir}: is it a git repository with both refs?`,
      {
        cause: error,
      },
    );
  }
  const diffText = await git.raw(["diff", "--no-color", "--no-ext-diff", "-M", `${base}...${head}`, "--"]);
  return { files: parseUnifiedDiff(diffText), config: await readConfigAt(repoDir, head) };
}

/** The review pipeline without GitHub or Redis: plan, run every review task on the pool, fuse. */
export async function runLocalReview(input: LocalReviewInput): Promise<LocalReviewResult> {
  const { change, pool, logger } = input;
  const { files, config } = change;
  const plan = planReview(files, toPlanOptions(config.config));
  const reviewTasks = plan.tasks.filter((t) => t.kind === "review").length;
  input.onProgress?.(0, reviewTasks);
  const reports = await runReviewTasks({
    plan,
    pool,
    logger,
    onTaskDone: (done, total, paths) => input.onProgress?.(done, total, paths.join(", ")),
  });
  return {
    review: fuseReviews(reports, { ...toFuseOptions(config.config), skippedFiles: plan.skipped }),
    plan,
    config,
  };
}
