import type { ChangedFile } from "../domain/index.ts";
import { toChangedFile } from "./fetch-pull-request-files.ts";
import type { Octokit } from "./octokit.ts";

export interface Comparison {
  /** `ahead`: head descends from base, so `files` is exactly what changed since base. */
  readonly status: "ahead" | "behind" | "diverged" | "identical";
  readonly files: readonly ChangedFile[];
  /** GitHub lists at most 300 files in one comparison; past that the list is incomplete. */
  readonly complete: boolean;
}

const compareFileLimit = 300;

/** What changed between two commits (`base...head`), e.g. since the last reviewed push. */
export async function fetchComparison(
  octokit: Octokit,
  ref: { owner: string; repo: string; base: string; head: string },
): Promise<Comparison> {
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
    owner: ref.owner,
    repo: ref.repo,
    basehead: `${ref.base}...${ref.head}`,
  });
  const files = (data.files ?? []).map(toChangedFile);
  return { status: data.status, files, complete: files.length < compareFileLimit };
}
