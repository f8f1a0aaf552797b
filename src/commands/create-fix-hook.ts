import { enqueueFix, type ReviewQueues } from "../queue/index.ts";
import type { CommandHook } from "./command-dependencies.ts";

/**
 * `/quorum fix` on an issue: queue the fix workflow for it. On a pull request, fixing its findings
 * is not built yet, and the reply says so rather than pretending.
 */
export function createFixHook(queues: ReviewQueues): CommandHook {
  return async (request) => {
    if (request.pullRequest) {
      return {
        reply:
          "`/quorum fix` on a pull request is not available in this version. Label an issue `" +
          request.config.labels.fix +
          "` or comment `/quorum fix` on it to get a verified fix as a draft pull request.",
      };
    }
    const { octokit, owner, repo } = request;
    const [{ data: repository }, { data: issue }] = await Promise.all([
      octokit.rest.repos.get({ owner, repo }),
      octokit.rest.issues.get({ owner, repo, issue_number: request.issueNumber }),
    ]);
    const { created } = await enqueueFix(queues, {
      deliveryId: request.deliveryId,
      owner,
      repo,
      installationId: request.installationId,
      cloneUrl: repository.clone_url,
      defaultBranch: repository.default_branch,
      issue: { number: issue.number, title: issue.title, body: issue.body ?? "" },
      requestedBy: request.requestedBy,
      config: request.config,
    });
    return {
      reply: created
        ? "Working on a fix. Quorum runs the repository's tests on every candidate and opens a **draft** pull request only for a fix that passes them; otherwise it says what it tried."
        : "A fix for this issue is already queued or running.",
    };
  };
}
