import examples from "@octokit/webhooks-examples";
import { fixtureRepo, installationId } from "../helpers/pull-request-fixture.ts";

export const repoPath = `/repos/${fixtureRepo.owner}/${fixtureRepo.repo}`;
export const prNumber = 2;
export const commentId = 5501;

interface ExampleGroup {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

/**
 * A real `issue_comment.created` payload from @octokit/webhooks-examples, adapted: the given
 * body and author, an installation, and (by default) on pull request #2 of the fixture repository.
 */
export function buildIssueCommentPayload(options: {
  body: string;
  login?: string;
  userType?: "User" | "Bot";
  onPullRequest?: boolean;
  number?: number;
}): Record<string, unknown> {
  const group = (examples as unknown as ExampleGroup[]).find((e) => e.name === "issue_comment");
  const created = group?.examples.find((e) => e.action === "created" && "installation" in e);
  if (!created) throw new Error("@octokit/webhooks-examples has no issue_comment.created example");
  const payload = structuredClone(created) as Record<string, unknown> & {
    issue: Record<string, unknown>;
    comment: Record<string, unknown> & { user: Record<string, unknown> };
    sender: Record<string, unknown>;
  };
  const number = options.number ?? prNumber;
  const login = options.login ?? "octo-dev";
  const type = options.userType ?? "User";
  payload.installation = { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  payload.issue.number = number;
  if (options.onPullRequest ?? true) {
    payload.issue.pull_request = {
      url: `https://api.github.com${repoPath}/pulls/${number}`,
      html_url: `https://github.com/${fixtureRepo.owner}/${fixtureRepo.repo}/pull/${number}`,
      diff_url: `https://github.com/${fixtureRepo.owner}/${fixtureRepo.repo}/pull/${number}.diff`,
      patch_url: `https://github.com/${fixtureRepo.owner}/${fixtureRepo.repo}/pull/${number}.patch`,
    };
  } else {
    delete payload.issue.pull_request;
  }
  payload.comment.id = commentId;
  payload.comment.body = options.body;
  payload.comment.user = { ...payload.comment.user, login, type };
  payload.sender = { ...payload.sender, login, type };
  return payload;
}

/** A `GET /pulls/{n}` answer with the given head; `forkOf` makes the head live in another repository. */
export function pullRequestResponse(options: {
  headSha: string;
  baseSha?: string;
  state?: "open" | "closed";
  headRepo?: string | null;
}): Record<string, unknown> {
  const base = `${fixtureRepo.owner}/${fixtureRepo.repo}`;
  const headRepo = options.headRepo === undefined ? base : options.headRepo;
  return {
    number: prNumber,
    state: options.state ?? "open",
    draft: false,
    merged: false,
    head: {
      sha: options.headSha,
      ref: "feature",
      repo: headRepo === null ? null : { full_name: headRepo },
    },
    base: { sha: options.baseSha ?? "b".repeat(40), ref: "main", repo: { full_name: base } },
  };
}
