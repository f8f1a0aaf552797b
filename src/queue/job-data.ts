import type { ConfigProblem, RepoConfig } from "../config/index.ts";
import type {
  AgentReport,
  ChangedFile,
  FusedReview,
  PullRequestRef,
  ReviewChunk,
  ReviewTask,
  SkippedFile,
} from "../domain/index.ts";

/** Web → worker: a pull request head to review. Stored under the webhook's delivery id. */
export interface PrepareJobData {
  readonly deliveryId: string;
  readonly pr: PullRequestRef;
  /** The webhook action that asked for the review, e.g. `opened` or `synchronize`. */
  readonly trigger: string;
  readonly config: RepoConfig;
  readonly configProblems: readonly ConfigProblem[];
  /** Set by the prepare step once the check run exists, so a retry reuses it. */
  readonly checkRunId?: number;
  /** For a command: the head the permission was granted for; the run stops if the head moved. */
  readonly authorizedHeadSha?: string;
}

export interface RunContext {
  readonly runId: string;
  readonly deliveryId: string;
  readonly pr: PullRequestRef;
  readonly trigger: string;
  readonly checkRunId: number;
}

export interface ReviewJobData {
  readonly run: RunContext;
  readonly task: ReviewTask;
  readonly chunk: ReviewChunk;
}

export interface FuseJobData {
  readonly run: RunContext;
  /** Every review task of the run: a task with no result (it failed for good) counts as a failed agent. */
  readonly reviewTasks: readonly Pick<ReviewTask, "id" | "chunkId" | "reviewer">[];
  readonly config: RepoConfig;
  readonly skippedFiles: readonly SkippedFile[];
}

export interface PublishJobData {
  readonly run: RunContext;
  readonly files: readonly ChangedFile[];
  readonly configProblems: readonly ConfigProblem[];
}

export type ReviewJobResult = AgentReport;
export type FuseJobResult = FusedReview;

export interface PublishJobResult {
  readonly reviewId: number | null;
  readonly inlineComments: number;
}

export interface PrepareJobResult {
  readonly runId: string;
  readonly status: "planned" | "duplicate" | "disabled" | "superseded" | "head-changed";
  readonly reviewTasks: number;
}

/**
 * Web → worker: an issue to fix (label or `/quorum fix`), or a same-repository pull request
 * (`/quorum fix` on it), by someone with write permission.
 */
export interface FixJobData {
  readonly deliveryId: string;
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  /** `repository.clone_url`: github.com or GitHub Enterprise Server. */
  readonly cloneUrl: string;
  readonly defaultBranch: string;
  /** The issue; for a pull request, its number, title and description. */
  readonly issue: { readonly number: number; readonly title: string; readonly body: string };
  /**
   * Present when fixing a pull request: its failing tests and Quorum's own findings on it are
   * fixed on `ref.headSha` (the head the commenter saw; the run stops if the head moved), and the
   * fix goes to a new branch with a draft pull request into `headRef`. Default: absent (an issue).
   */
  readonly pullRequest?: { readonly ref: PullRequestRef; readonly headRef: string } | undefined;
  readonly requestedBy: string;
  readonly config: RepoConfig;
}

export type FixJobResult =
  | { readonly kind: "pull-request"; readonly number: number; readonly url: string; readonly branch: string }
  | { readonly kind: "comment"; readonly id: number }
  /** The pull request's head moved after the command: nothing was published (a comment says so). */
  | { readonly kind: "stopped"; readonly reason: "head-changed" };

/** Web → worker: generate tests for a same-repository pull request (`/quorum tests` or its label). */
export interface TestsJobData {
  readonly deliveryId: string;
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  readonly cloneUrl: string;
  readonly pullRequest: {
    readonly number: number;
    readonly title: string;
    readonly body: string;
    readonly headRef: string;
    readonly headSha: string;
    /**
     * The base branch and its commit when the job was queued: a pull request that says it fixes a
     * bug gets only tests that fail there. Absent in jobs queued by older versions.
     */
    readonly baseRef?: string | undefined;
    readonly baseSha?: string | undefined;
  };
  readonly changedFiles: readonly string[];
  readonly requestedBy: string;
  readonly config: RepoConfig;
}
