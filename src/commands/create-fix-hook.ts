import { enqueueFix, type FixJobData, type ReviewQueues } from "../queue/index.ts";
import type { CommandHook, CommandRequest } from "./command-dependencies.ts";

/** What to fix, and the replies for queued work and for work already queued; or why not. */
type FixSubject =
  | {
      readonly issue: FixJobData["issue"];
      readonly pullRequest: FixJobData["pullRequest"];
      readonly queued: string;
      readonly duplicate: string;
    }
  | { readonly declined: string };

/**
 * `/quorum fix`: on an issue, queue the fix workflow for it; on a same-repository pull request,
 * queue a fix of its failing tests and of Quorum's findings on it, bound to the head the commenter
 * saw. The fix goes to a new branch, so a pull request from a fork is declined.
 */
export function createFixHook(queues: ReviewQueues): CommandHook {
  return async (request) => {
    if (request.pullRequest?.fromFork === true) {
      return {
        reply:
          "This pull request comes from a fork. Quorum never pushes to forks, and a fix goes to a branch of this repository, so it does not fix this pull request. Ask for a review with `/quorum review` instead.",
      };
    }
    const { octokit, owner, repo } = request;
    const [{ data: repository }, subject] = await Promise.all([
      octokit.rest.repos.get({ owner, repo }),
      request.pullRequest === undefined
        ? readIssue(request)
        : readPullRequest(request, request.pullRequest.ref),
    ]);
    if ("declined" in subject) return { reply: subject.declined };
    const { created } = await enqueueFix(queues, {
      deliveryId: request.deliveryId,
      owner,
      repo,
      installationId: request.installationId,
      cloneUrl: repository.clone_url,
      defaultBranch: repository.default_branch,
      issue: subject.issue,
      pullRequest: subject.pullRequest,
      requestedBy: request.requestedBy,
      config: request.config,
    });
    return { reply: created ? subject.queued : subject.duplicate };
  };
}

async function readIssue(request: CommandRequest): Promise<FixSubject> {
  const { octokit, owner, repo } = request;
  const { data: issue } = await octokit.rest.issues.get({ owner, repo, issue_number: request.issueNumber });
  return {
    issue: { number: issue.number, title: issue.title, body: issue.body ?? "" },
    pullRequest: undefined,
    queued:
      "Working on a fix. Quorum runs the repository's tests on every candidate and opens a **draft** pull request only for a fix that passes them; otherwise it says what it tried.",
    duplicate: "A fix for this issue is already queued or running.",
  };
}

async function readPullRequest(
  request: CommandRequest,
  ref: NonNullable<CommandRequest["pullRequest"]>["ref"],
): Promise<FixSubject> {
  const { octokit, owner, repo } = request;
  const { data: pull } = await octokit.rest.pulls.get({ owner, repo, pull_number: request.issueNumber });
  if (pull.state !== "open")
    return { declined: "This pull request is closed; Quorum fixes open pull requests only." };
  const head = `\`${ref.headSha.slice(0, 7)}\``;
  // Branch names may hold backticks; the reply is sanitised anyway, this keeps the code span whole.
  const branch = `\`${pull.head.ref.replaceAll("`", "")}\``;
  return {
    issue: { number: pull.number, title: pull.title, body: pull.body ?? "" },
    pullRequest: { ref, headRef: pull.head.ref },
    queued: `Working on a fix for ${head}: Quorum runs this pull request's tests and reads its own review findings, then verifies every candidate fix in a sandbox. A fix that passes comes as a **draft** pull request into ${branch} (nothing is pushed to this branch); otherwise Quorum says what it tried.`,
    duplicate: `A fix for ${head} is already queued or running.`,
  };
}
