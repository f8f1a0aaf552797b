import type { Logger } from "pino";
import type { ConfigProblem, RepoConfig } from "../config/index.ts";
import type { PullRequestRef } from "../domain/index.ts";
import type { Octokit, RepositoryPermission } from "../github/index.ts";
import type { ReviewQueues } from "../queue/index.ts";

/** An authorised `fix` or `tests` command, as handed to the workflow that implements it. */
export interface CommandRequest {
  /** The webhook delivery id: use it as the idempotency key of whatever is enqueued. */
  readonly deliveryId: string;
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  /** The issue or pull request the comment is on. */
  readonly issueNumber: number;
  readonly commentId: number;
  /** Login of the commenter; checked to have write permission (admin, maintain or write). */
  readonly requestedBy: string;
  readonly permission: RepositoryPermission;
  readonly config: RepoConfig;
  readonly configProblems: readonly ConfigProblem[];
  /** Present when the comment is on a pull request. */
  readonly pullRequest?:
    | {
        /** `headSha` is the head the permission was granted for: bind any work to it. */
        readonly ref: PullRequestRef;
        /**
         * The head branch is in another repository. Never push to it, and run its code only in
         * the sandbox.
         */
        readonly fromFork: boolean;
      }
    | undefined;
  /** Installation-authenticated client of the webhook. */
  readonly octokit: Octokit;
  readonly logger: Logger;
}

/** What a command hook reports back; `reply` is posted (sanitised) on the issue or pull request. */
export interface CommandHookResult {
  readonly reply?: string | undefined;
}

/**
 * Implements `fix` or `tests`. Called only after the permission check passed. It must store its
 * work durably before it resolves (the webhook is acknowledged after it) and throw when it cannot,
 * so the delivery fails visibly.
 */
export type CommandHook = (request: CommandRequest) => Promise<CommandHookResult>;

export interface CommandDependencies {
  readonly queues: ReviewQueues;
  /** The `fix` workflow. Default: none (Quorum replies that `fix` is not available yet). */
  readonly onFix?: CommandHook | undefined;
  /** The `tests` workflow. Default: none (Quorum replies that `tests` is not available yet). */
  readonly onTests?: CommandHook | undefined;
}
