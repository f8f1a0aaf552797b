import type { Octokit } from "../github/index.ts";
import { createBranchWithFiles } from "./create-branch-with-files.ts";
import { fitGitHubText } from "./fit-github-text.ts";
import type { FixResultLike } from "./fix-publication.ts";
import { openDraftPullRequest } from "./open-draft-pull-request.ts";
import { callGitHub } from "./publish-error.ts";
import {
  renderFixPullRequestBody,
  renderNothingToFixComment,
  renderNoVerifiedFixComment,
} from "./render-fix-report.ts";
import { sanitizeForGitHub } from "./sanitize-for-github.ts";

export interface PublishFixRequest {
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
  readonly issueTitle: string;
  /**
   * The branch the fix was made on and the PR goes into: usually the default branch; for a pull
   * request, its head branch (in this repository).
   */
  readonly baseBranch: string;
  /** `issueNumber` is a pull request whose problems were fixed. Default: "issue". */
  readonly kind?: "issue" | "pull-request" | undefined;
  readonly result: FixResultLike;
  /** The pool is a demo pool: say so in what is posted. Default: false. */
  readonly demo?: boolean | undefined;
}

export type PublishedFix =
  | {
      readonly kind: "pull-request";
      readonly number: number;
      readonly url: string;
      readonly branch: string;
      readonly commitSha: string;
    }
  | { readonly kind: "comment"; readonly id: number };

/**
 * Publishes a fix-workflow result. A verified fix becomes a DRAFT pull request from a new branch
 * `quorum/fix-<issue>-<short base sha>` (for a pull request, `quorum/fix-pr-<number>-<short head
 * sha>` into its head branch), created through the Git Data API, never force-pushed, never an
 * existing branch, with the verification log in its body. Anything else becomes one comment on
 * the issue or pull request saying there is no verified fix and what was tried, or that there was
 * nothing to fix. Safe to retry: an existing branch with the same change and its open pull request
 * are reused.
 */
export async function publishFixResult(octokit: Octokit, request: PublishFixRequest): Promise<PublishedFix> {
  const { owner, repo, result } = request;
  const pullRequest = request.kind === "pull-request";
  const context = {
    issueNumber: request.issueNumber,
    kind: request.kind,
    demo: request.demo,
    sanitize: { owner, repo },
  };
  if (result.status !== "verified") {
    // The report sanitises its untrusted parts itself, so its own tables and sections survive.
    const body =
      result.status === "nothing-to-fix"
        ? renderNothingToFixComment(result, context)
        : renderNoVerifiedFixComment(result, context);
    const comment = await callGitHub("create comment", () =>
      octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: request.issueNumber,
        body: fitGitHubText(body),
      }),
    );
    return { kind: "comment", id: comment.data.id };
  }

  const title =
    `${pullRequest ? "Fix for" : "Fix"} #${request.issueNumber}: ${oneLine(request.issueTitle)}`.slice(
      0,
      200,
    );
  const shortSha = result.baseSha.slice(0, 7);
  const branch = await createBranchWithFiles(octokit, {
    owner,
    repo,
    baseSha: result.baseSha,
    branch: pullRequest
      ? `quorum/fix-pr-${request.issueNumber}-${shortSha}`
      : `quorum/fix-${request.issueNumber}-${shortSha}`,
    // "Fixes #n" would close an issue on merge; a pull request is only referred to.
    message: `${title}\n\nVerified by Quorum: ${result.evidence}.\n\n${pullRequest ? "Refs" : "Fixes"} #${request.issueNumber}`,
    files: result.files,
  });
  const pull = await openDraftPullRequest(octokit, {
    owner,
    repo,
    head: branch,
    base: request.baseBranch,
    title: sanitizeForGitHub(title, { owner, repo }),
    body: fitGitHubText(renderFixPullRequestBody(result, context)),
  });
  return { kind: "pull-request", ...pull, branch: branch.branch, commitSha: branch.commitSha };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
