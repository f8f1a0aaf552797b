import type { Octokit } from "../github/index.ts";
import { fitGitHubText } from "./fit-github-text.ts";
import { callGitHub } from "./publish-error.ts";
import { sanitizeForGitHub } from "./sanitize-for-github.ts";

export interface IssueCommentRequest {
  readonly owner: string;
  readonly repo: string;
  /** Issue or pull-request number: GitHub's conversation comments are issue comments for both. */
  readonly issueNumber: number;
  readonly body: string;
}

/**
 * Posts a comment on an issue or pull request. The body is sanitised like every other text Quorum
 * posts (secrets redacted, foreign links and images defused, nobody mentioned), because replies
 * quote things users typed. Failures throw a PublishError.
 */
export async function postIssueComment(
  octokit: Octokit,
  request: IssueCommentRequest,
): Promise<{ id: number }> {
  const body = fitGitHubText(sanitizeForGitHub(request.body, { owner: request.owner, repo: request.repo }));
  const response = await callGitHub("create comment", () =>
    octokit.rest.issues.createComment({
      owner: request.owner,
      repo: request.repo,
      issue_number: request.issueNumber,
      body,
    }),
  );
  return { id: response.data.id };
}
