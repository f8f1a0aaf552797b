import { createHash } from "node:crypto";
import type { PullRequestRef } from "../domain/index.ts";

/**
 * One run per pull-request head: two deliveries for the same head SHA (a redelivery, or `opened`
 * racing `synchronize`) map to the same run and so to one review. BullMQ ids may not contain ':'.
 */
export function computeRunId(pr: PullRequestRef): string {
  const key = `${pr.owner}/${pr.repo}#${pr.pullNumber}@${pr.headSha}`;
  return `run-${createHash("sha256").update(key).digest("hex").slice(0, 20)}`;
}

export function toJobIds(runId: string): {
  publish: string;
  fuse: string;
  review: (taskId: string) => string;
} {
  return {
    publish: `${runId}-publish`,
    fuse: `${runId}-fuse`,
    review: (taskId) => `${runId}-${taskId.replaceAll(":", "-")}`,
  };
}
