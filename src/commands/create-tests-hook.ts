import { enqueueTests, type ReviewQueues } from "../queue/index.ts";
import type { CommandHook } from "./command-dependencies.ts";

/**
 * `/quorum tests` on a pull request: queue test generation for the head the commenter authorised.
 * Tests are pushed to a new branch in this repository, so a pull request from a fork is declined.
 */
export function createTestsHook(queues: ReviewQueues): CommandHook {
  return async (request) => {
    const pr = request.pullRequest;
    if (!pr)
      return {
        reply: "`/quorum tests` works on pull requests: it writes tests for the code a pull request changes.",
      };
    if (pr.fromFork) {
      return {
        reply:
          "This pull request comes from a fork. Quorum never pushes to forks, and generated tests go to a branch, so it does not generate tests here.",
      };
    }
    const { octokit, owner, repo } = request;
    const [{ data: repository }, { data: pull }, files] = await Promise.all([
      octokit.rest.repos.get({ owner, repo }),
      octokit.rest.pulls.get({ owner, repo, pull_number: request.issueNumber }),
      octokit.paginate(octokit.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: request.issueNumber,
        per_page: 100,
      }),
    ]);
    const { created } = await enqueueTests(queues, {
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
        headSha: pr.ref.headSha,
      },
      changedFiles: files
        .filter((f) => f.status === "added" || f.status === "modified")
        .map((f) => f.filename),
      requestedBy: request.requestedBy,
      config: request.config,
    });
    return {
      reply: created
        ? "Writing tests. Each one is run in a sandbox and kept only if it passes; kept tests come as a **draft** pull request into this branch."
        : "Tests for this head are already queued or being written.",
    };
  };
}
