import type { Logger } from "pino";
import type { ConfigProblem, RepoConfig } from "../config/index.ts";
import type { PullRequestRef } from "../domain/index.ts";
import { fetchPullRequestHead, type Octokit, type PullRequestHead } from "../github/index.ts";
import { postIssueComment } from "../publish/index.ts";
import type { CommandDependencies } from "./command-dependencies.ts";

/** Everything a command needs about the comment that carried it. */
export interface CommandSession {
  readonly deps: CommandDependencies;
  readonly octokit: Octokit;
  readonly log: Logger;
  readonly deliveryId: string;
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  readonly issueNumber: number;
  readonly isPullRequest: boolean;
  readonly commentId: number;
  readonly login: string;
  readonly prefix: string;
  readonly config: RepoConfig;
  readonly configProblems: readonly ConfigProblem[];
}

/** Replies on the issue or pull request the command came from (sanitised by the publish layer). */
export async function reply(session: CommandSession, body: string): Promise<void> {
  await postIssueComment(session.octokit, {
    owner: session.owner,
    repo: session.repo,
    issueNumber: session.issueNumber,
    body,
  });
}

/** The pull request's current head, and the ref that binds work to it. */
export async function readPullRequest(
  session: CommandSession,
): Promise<{ head: PullRequestHead; ref: PullRequestRef }> {
  const head = await fetchPullRequestHead(session.octokit, {
    owner: session.owner,
    repo: session.repo,
    pullNumber: session.issueNumber,
  });
  return {
    head,
    ref: {
      owner: session.owner,
      repo: session.repo,
      pullNumber: session.issueNumber,
      headSha: head.headSha,
      baseSha: head.baseSha,
      installationId: session.installationId,
    },
  };
}

/** `/quorum review` as the user typed it with this repository's prefix, for replies. */
export function formatCommand(session: CommandSession, name: string): string {
  return `\`${session.prefix} ${name}\``;
}
