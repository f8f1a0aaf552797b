import type { Octokit } from "../github/index.ts";
import { createBranchWithFiles } from "./create-branch-with-files.ts";
import { fitGitHubText } from "./fit-github-text.ts";
import type { VerificationLogLike } from "./fix-publication.ts";
import { openDraftPullRequest } from "./open-draft-pull-request.ts";
import { callGitHub } from "./publish-error.ts";
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
  /** The base every kept test had to fail on (the pull request says it fixes a bug). */
  readonly baseSha?: string | undefined;
  /** Why the runs went without the repository's dependencies, when they did. */
  readonly dependencies?: string | undefined;
  readonly coverage?: CoverageLike | undefined;
}

/** The kept tests' coverage change (`CoverageOutcome` from `workflows/` fits it). */
export type CoverageLike =
  | {
      readonly kind: "measured";
      readonly change: {
        readonly before: { readonly percent: number };
        readonly after: { readonly percent: number };
      };
      readonly command: string;
    }
  | { readonly kind: "not-measured"; readonly why: string };

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
 * one comment on the pull request says so and why each was discarded. Safe to retry: an existing
 * branch with the same tests and its open pull request are reused.
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
  const notes = [
    ...(result.baseSha === undefined
      ? []
      : [
          `This pull request says it fixes a bug, so a test was kept only if it also fails on the base (${code(result.baseSha.slice(0, 7))}).`,
        ]),
    ...(result.dependencies === undefined
      ? []
      : [`⚠️ The tests ran without the repository's dependencies: ${safe(result.dependencies, context)}.`]),
    ...(request.demo === true
      ? ["> [!WARNING]\n> This Quorum runs a **demo model pool**: its agents cannot really write tests."]
      : []),
  ].flatMap((note) => [note, ""]);
  if (kept.length === 0) {
    const body = [
      `**Quorum generated no test that passed for #${request.pullNumber}.**`,
      "",
      ...notes,
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
    ...notes,
    ...kept.map((t) => `- ${code(t.path)} for ${code(t.source)}: ${safe(t.reason, context)}`),
    ...renderCoverage(result.coverage),
    ...(discarded.length === 0 ? [] : ["", "Discarded:", "", ...discarded]),
    "",
    ...renderVerificationLog(result.log, context),
  ].join("\n");
  const pull = await openDraftPullRequest(octokit, {
    owner,
    repo,
    head: branch,
    base: request.headBranch,
    title: `Generated tests for #${request.pullNumber}`,
    body: fitGitHubText(body),
  });
  return { kind: "pull-request", ...pull, branch: branch.branch };
}

/**
 * "coverage 71.2% → 78.9% (lines)": measured by the repository's own tooling on the head, without
 * and with the new tests. When it could not be measured the body says nothing (the log says why).
 */
function renderCoverage(coverage: CoverageLike | undefined): string[] {
  if (coverage?.kind !== "measured") return [];
  const { before, after } = coverage.change;
  return [
    "",
    `coverage ${before.percent.toFixed(1)}% → ${after.percent.toFixed(1)}% (lines), measured with ${code(coverage.command)} on the head without and with these tests; test files do not count.`,
  ];
}
