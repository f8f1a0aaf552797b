import type { ReviewQueues } from "../queue/index.ts";
import type { CommandHook } from "./command-dependencies.ts";
import { enqueuePullRequestTests, forkTestsReply } from "./enqueue-pull-request-tests.ts";

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
    if (pr.fromFork) return { reply: forkTestsReply };
    const { created } = await enqueuePullRequestTests(queues, {
      octokit: request.octokit,
      owner: request.owner,
      repo: request.repo,
      pullNumber: request.issueNumber,
      headSha: pr.ref.headSha,
      deliveryId: request.deliveryId,
      installationId: request.installationId,
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
