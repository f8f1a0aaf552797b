import type { RepoConfig } from "../config/index.ts";
import type { Octokit } from "../github/index.ts";
import { enqueueTests, type ReviewQueues } from "../queue/index.ts";

export interface PullRequestTestsRequest {
  readonly octokit: Octokit;
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  /** The head the request was authorised for; the tests are written against it, even if the PR moves on. */
  readonly headSha: string;
  /** The webhook delivery id: the idempotency key of the job. */
  readonly deliveryId: string;
  readonly installationId: number;
  readonly requestedBy: string;
  readonly config: RepoConfig;
}

/** Why a fork's pull request gets no generated tests, for the person who asked. */
export const forkTestsReply =
  "This pull request comes from a fork. Quorum never pushes to forks, and generated tests go to a branch, so it does not generate tests here.";

/**
 * Reads what test generation needs about a same-repository pull request (clone URL, title and
 * description, head and base branches, changed files) and queues the job. Shared by
 * `/quorum tests` and the tests label.
 */
export async function enqueuePullRequestTests(
  queues: ReviewQueues,
  request: PullRequestTestsRequest,
): Promise<{ jobId: string; created: boolean }> {
  const { octokit, owner, repo, pullNumber } = request;
  const [{ data: repository }, { data: pull }, files] = await Promise.all([
    octokit.rest.repos.get({ owner, repo }),
    octokit.rest.pulls.get({ owner, repo, pull_number: pullNumber }),
    octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 }),
  ]);
  return enqueueTests(queues, {
    deliveryId: request.deliveryId,
    owner,
    repo,
    installationId: request.installationId,
    cloneUrl: repository.clone_url,
    pullRequest: {
      number: pull.number,
      title: pull.title,
      body: pull.body ?? "",
      headRef: pull.head.ref,
      headSha: request.headSha,
      baseRef: pull.base.ref,
      baseSha: pull.base.sha,
    },
    changedFiles: files.filter((f) => f.status === "added" || f.status === "modified").map((f) => f.filename),
    requestedBy: request.requestedBy,
    config: request.config,
  });
}
