import type { Logger } from "pino";
import { canWrite, fetchRepositoryPermission, type Octokit } from "../github/index.ts";
import { postIssueComment } from "../publish/index.ts";

export interface LabelPermissionRequest {
  readonly owner: string;
  readonly repo: string;
  /** The issue or pull request that was labelled: a refusal is posted there. */
  readonly issueNumber: number;
  /** Who put the label on. */
  readonly login: string;
  /** What the label asks for, as it reads in the refusal, e.g. `makes fixes`. */
  readonly work: string;
}

/**
 * The permission gate for labels that make Quorum push branches and open pull requests: the
 * person who labelled needs write access, checked through the API; an API failure refuses (fail
 * closed). On refusal it comments why and returns false.
 */
export async function checkLabelPermission(
  octokit: Octokit,
  request: LabelPermissionRequest,
  log: Logger,
): Promise<boolean> {
  const { owner, repo } = request;
  let allowed = false;
  try {
    allowed = canWrite(await fetchRepositoryPermission(octokit, { owner, repo, username: request.login }));
  } catch (error) {
    log.warn({ err: error }, "permission lookup failed: refusing");
  }
  if (allowed) return true;
  await postIssueComment(octokit, {
    owner,
    repo,
    issueNumber: request.issueNumber,
    body: `Quorum ${request.work} only when asked by someone with write access to this repository; @${request.login}'s label was not acted on.`,
  });
  return false;
}
