import type {
  ChangedFile,
  FuseTask,
  PlanTask,
  PublishTask,
  ReviewChunk,
  ReviewPlan,
  ReviewTask,
  SkippedFile,
} from "../domain/index.ts";
import { chunkFiles, type CostedFile } from "./chunk-files.ts";
import { clipPatch } from "./clip-patch.ts";
import { findSkipReason } from "./find-skip-reason.ts";
import { resolvePlanOptions, type PlanOptions } from "./plan-options.ts";

/** Id of the single fuse task of every plan. */
export const fuseTaskId = "fuse";
/** Id of the single publish task of every plan. */
export const publishTaskId = "publish";

/** Id of the review task of one reviewer slot on one chunk, e.g. `review:c1:r2`. */
export function formatReviewTaskId(chunkId: string, reviewer: string): string {
  return `review:${chunkId}:${reviewer}`;
}

/**
 * Cuts a change into review sub-tasks: reviewable files are packed in order into chunks that fit
 * the token budget, each chunk is reviewed by every reviewer slot `r1..rN`, one fuse task waits for
 * all reviews and one publish task waits for the fuse task. Same input, same plan, same ids — the
 * queue relies on that to deduplicate re-deliveries.
 *
 * When nothing is reviewable the plan still has its fuse and publish tasks (with no review tasks
 * under them): the run must still tell the author why nothing was reviewed (every skipped file
 * with its reason) and settle the check run, and one DAG shape keeps the queue code free of a
 * special case.
 *
 * Throws a RangeError for invalid numeric options.
 */
export function planReview(files: readonly ChangedFile[], options: Partial<PlanOptions> = {}): ReviewPlan {
  const settings = resolvePlanOptions(options);
  const skipped: SkippedFile[] = [];
  const reviewable: CostedFile[] = [];
  const cost = (file: ChangedFile, patch: string): number =>
    settings.estimateTokens(renderFileHeader(file)) + settings.estimateTokens(patch);

  for (const file of files) {
    const reason = findSkipReason(file, settings.ignore);
    if (reason) {
      skipped.push(reason);
      continue;
    }
    if (reviewable.length >= settings.maxFiles) {
      skipped.push({
        path: file.path,
        reason: "too-large",
        detail: `the change has more than ${settings.maxFiles} reviewable files; only the first ${settings.maxFiles} were reviewed`,
      });
      continue;
    }
    const patch = file.patch ?? "";
    const clipped = clipPatch(patch, settings.maxFileTokens, (text) => cost(file, text));
    if (!clipped) {
      skipped.push({
        path: file.path,
        reason: "too-large",
        detail: `even its first changed line exceeds the ${settings.maxFileTokens}-token budget`,
      });
      continue;
    }
    if (clipped.keptLines < clipped.totalLines) {
      skipped.push({
        path: file.path,
        reason: "clipped",
        detail: `reviewed first ${clipped.keptLines} of ${clipped.totalLines} diff lines`,
      });
    }
    reviewable.push({ file: { ...file, patch: clipped.patch }, tokens: cost(file, clipped.patch) });
  }

  const chunks = chunkFiles(reviewable, settings.chunkTokenBudget);
  return {
    chunks,
    tasks: planTasks(chunks, settings),
    skipped,
    reviewers: settings.reviewers,
  };
}

/**
 * The line that introduces a file in a chunk's prompt text; counted in the budget so a chunk of
 * many tiny files cannot overflow it.
 */
export function renderFileHeader(file: ChangedFile): string {
  return file.previousPath !== undefined && file.previousPath !== file.path
    ? `--- ${file.previousPath} → ${file.path}\n`
    : `--- ${file.path}\n`;
}

function planTasks(chunks: readonly ReviewChunk[], settings: PlanOptions): PlanTask[] {
  const reviews: ReviewTask[] = chunks.flatMap((chunk) =>
    Array.from({ length: settings.reviewers }, (_, reviewerIndex): ReviewTask => {
      const reviewer = `r${reviewerIndex + 1}`;
      return {
        kind: "review",
        id: formatReviewTaskId(chunk.id, reviewer),
        chunkId: chunk.id,
        reviewer,
        reviewerIndex,
        budget: settings.taskBudget,
      };
    }),
  );
  const fuse: FuseTask = { kind: "fuse", id: fuseTaskId, dependsOn: reviews.map((task) => task.id) };
  const publish: PublishTask = { kind: "publish", id: publishTaskId, dependsOn: [fuse.id] };
  return [...reviews, fuse, publish];
}
