import type { Octokit } from "../github/index.ts";
import { fitGitHubText } from "./fit-github-text.ts";
import { callGitHub } from "./publish-error.ts";

/** The name Quorum's check runs appear under on a commit. */
export const checkRunName = "Quorum";

export type CheckRunConclusion = "success" | "neutral" | "failure" | "action_required" | "cancelled";

export interface CheckRunOutput {
  readonly title: string;
  readonly summary: string;
  readonly text?: string | undefined;
}

export interface CreateCheckRunRequest extends CheckRunOutput {
  readonly owner: string;
  readonly repo: string;
  readonly headSha: string;
  /** Our run id, so a check run can be traced back to its job. */
  readonly externalId: string;
}

export interface UpdateCheckRunRequest extends CheckRunOutput {
  readonly owner: string;
  readonly repo: string;
  readonly checkRunId: number;
}

export interface CompleteCheckRunRequest extends UpdateCheckRunRequest {
  readonly conclusion: CheckRunConclusion;
}

/** Starts an `in_progress` check run on the head commit. */
export async function createCheckRun(
  octokit: Octokit,
  request: CreateCheckRunRequest,
): Promise<{ id: number }> {
  const response = await callGitHub("create check run", () =>
    octokit.rest.checks.create({
      owner: request.owner,
      repo: request.repo,
      name: checkRunName,
      head_sha: request.headSha,
      external_id: request.externalId,
      status: "in_progress",
      started_at: new Date().toISOString(),
      output: toOutput(request),
    }),
  );
  return { id: response.data.id };
}

/** Replaces a running check run's output (progress). */
export async function updateCheckRun(octokit: Octokit, request: UpdateCheckRunRequest): Promise<void> {
  await callGitHub("update check run", () =>
    octokit.rest.checks.update({
      owner: request.owner,
      repo: request.repo,
      check_run_id: request.checkRunId,
      output: toOutput(request),
    }),
  );
}

/** Marks a check run completed with its conclusion and final output. */
export async function completeCheckRun(octokit: Octokit, request: CompleteCheckRunRequest): Promise<void> {
  await callGitHub("complete check run", () =>
    octokit.rest.checks.update({
      owner: request.owner,
      repo: request.repo,
      check_run_id: request.checkRunId,
      status: "completed",
      conclusion: request.conclusion,
      completed_at: new Date().toISOString(),
      output: toOutput(request),
    }),
  );
}

function toOutput(output: CheckRunOutput): { title: string; summary: string; text?: string } {
  return {
    title: output.title.length > 1000 ? `${output.title.slice(0, 999)}…` : output.title,
    summary: fitGitHubText(output.summary),
    ...(output.text === undefined ? {} : { text: fitGitHubText(output.text) }),
  };
}
