import type { Octokit } from "../github/index.ts";
import { createBranchWithFiles } from "./create-branch-with-files.ts";
import { fitGitHubText } from "./fit-github-text.ts";
import type { VerificationLogLike } from "./fix-publication.ts";
import { callGitHub, PublishError } from "./publish-error.ts";
import { code, renderVerificationLog, safe } from "./render-fix-report.ts";

/** What publishing needs from a test-generation result (`TestGenerationResult` from `workflows/` fits it). */
export interface GeneratedTestsLike {
  readonly headSha: string;
  readonly kept: readonly {
    readonly source: string;
    readonly path: string;
    readonly content?: string | undefined;
    readonly reason: string;
  }[];
  readonly discarded: readonly { readonly source: string; readonly path: string; readonly reason: string }[];
  readonly log: VerificationLogLike;
}

export interface PublishGeneratedTestsRequest {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  /** The pull request's head branch: the tests' pull request goes into it. Must be in this repository. */
  readonly headBranch: string;
  readonly result: GeneratedTestsLike;
  /** The pool is a demo pool: say so. Default: false. */
  readonly demo?: boolean | undefined;
}

export type PublishedTests =
  | { readonly kind: "pull-request"; readonly number: number; readonly url: string; readonly branch: string }
  | { readonly kind: "comment"; readonly id: number };

/**
 * Kept tests go to a new branch `quorum/tests-<pr>-<short head sha>` (Git Data API, never
 * force-pushed) with a DRAFT pull request into the pull request's own branch; when none was kept,
 * one comment on the pull request says so and why each was discarded.
 */
export async function publishGeneratedTests(
  octokit: Octokit,
  request: PublishGeneratedTestsRequest,
): Promise<PublishedTests> {
  const { owner, repo, result } = request;
  const context = { issueNumber: request.pullNumber, demo: request.demo, sanitize: { owner, repo } };
  const discarded = result.discarded.map(
    (t) => `- ${code(t.path)} (for ${code(t.source)}): ${safe(t.reason, context)}`,
  );
  const kept = result.kept.filter((t) => t.content !== undefined);
  if (kept.length === 0) {
    const body = [
      `**Quorum generated no test that passed for #${request.pullNumber}.**`,
      "",
      ...(discarded.length === 0
        ? ["No changed source file could get a test."]
        : ["Discarded:", "", ...discarded]),
      "",
      ...renderVerificationLog(result.log, context),
    ].join("\n");
    const comment = await callGitHub("create comment", () =>
      octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: request.pullNumber,
        body: fitGitHubText(body),
      }),
    );
    return { kind: "comment", id: comment.data.id };
  }
  const branch = await createBranchWithFiles(octokit, {
    owner,
    repo,
    baseSha: result.headSha,
    branch: `quorum/tests-${request.pullNumber}-${result.headSha.slice(0, 7)}`,
    message: `Add generated tests for #${request.pullNumber}\n\nEach test passed in Quorum's sandbox before it was committed.`,
    files: kept.map((t) => ({ path: t.path, after: t.content ?? "", mode: "100644" })),
  });
  const body = [
    `Tests for #${request.pullNumber}, written by Quorum's agents and **run in a sandbox before they were proposed**. Merge this draft into the pull request's branch if you want them.`,
    "",
    ...kept.map((t) => `- ${code(t.path)} for ${code(t.source)}: ${safe(t.reason, context)}`),
    ...(discarded.length === 0 ? [] : ["", "Discarded:", "", ...discarded]),
    "",
    ...renderVerificationLog(result.log, context),
  ].join("\n");
  try {
    const pull = await octokit.rest.pulls.create({
      owner,
      repo,
      title: `Generated tests for #${request.pullNumber}`,
      head: branch.branch,
      base: request.headBranch,
      body: fitGitHubText(body),
      draft: true,
    });
    return { kind: "pull-request", number: pull.data.number, url: pull.data.html_url, branch: branch.branch };
  } catch (error) {
    throw new PublishError("create draft pull request", { cause: error });
  }
}
