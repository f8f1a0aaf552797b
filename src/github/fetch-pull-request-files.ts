import type { ChangedFile, FileStatus } from "../domain/index.ts";
import type { Octokit, PullRequestRef } from "./octokit.ts";

/**
 * Lists every file of a pull request (all pages; GitHub stops at 3000 files). `patch` is absent
 * where GitHub omits it: binary files and files too large to diff.
 */
export async function fetchPullRequestFiles(octokit: Octokit, ref: PullRequestRef): Promise<ChangedFile[]> {
  const entries = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.pullNumber,
    per_page: 100,
  });
  return entries.map(toChangedFile);
}

/** The shape GitHub uses for a file in both the pull-request files and the compare endpoints. */
export interface GitHubDiffEntry {
  readonly filename: string;
  readonly previous_filename?: string | undefined;
  readonly status: string;
  readonly patch?: string | undefined;
  readonly additions: number;
  readonly deletions: number;
}

export function toChangedFile(entry: GitHubDiffEntry): ChangedFile {
  return {
    path: entry.filename,
    ...(entry.previous_filename !== undefined ? { previousPath: entry.previous_filename } : {}),
    status: toFileStatus(entry.status),
    ...(typeof entry.patch === "string" ? { patch: entry.patch } : {}),
    additions: entry.additions,
    deletions: entry.deletions,
  };
}

function toFileStatus(status: string): FileStatus {
  switch (status) {
    case "added":
    case "removed":
    case "modified":
    case "renamed":
    case "copied":
    case "changed":
    case "unchanged":
      return status;
    default:
      // A status GitHub adds later is still a change to review.
      return "modified";
  }
}
