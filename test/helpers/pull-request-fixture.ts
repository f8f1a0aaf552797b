import { readFileSync } from "node:fs";
import examples from "@octokit/webhooks-examples";
import type { ChangedFile } from "../../src/domain/index.ts";

export const fixtureRepo = { owner: "Codertocat", repo: "Hello-World" } as const;
export const installationId = 4242;
/** The fixture repository's REST path, `/repos/Codertocat/Hello-World`. */
export const repoPath = `/repos/${fixtureRepo.owner}/${fixtureRepo.repo}`;

export interface GitHubFileEntry {
  readonly filename: string;
  readonly status: string;
  readonly patch?: string;
  readonly previous_filename?: string;
  readonly additions: number;
  readonly deletions: number;
}

/** `GET /pulls/{n}/files` for a fixture under fixtures/pull-requests/<name>/. */
export function readFixtureFiles(name: string): GitHubFileEntry[] {
  return JSON.parse(readFileSync(`fixtures/pull-requests/${name}/files.json`, "utf8")) as GitHubFileEntry[];
}

export function toChangedFiles(entries: readonly GitHubFileEntry[]): ChangedFile[] {
  return entries.map((e) => ({
    path: e.filename,
    previousPath: e.previous_filename,
    status: e.status as ChangedFile["status"],
    patch: e.patch,
    additions: e.additions,
    deletions: e.deletions,
  }));
}

interface ExampleGroup {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

/**
 * A real `pull_request` webhook payload from @octokit/webhooks-examples, adapted to the fixture:
 * given head SHA, an installation, and the requested action.
 */
export function buildPullRequestPayload(options: {
  action?: string;
  headSha: string;
  draft?: boolean;
}): Record<string, unknown> & { pull_request: Record<string, unknown> } {
  const group = (examples as unknown as ExampleGroup[]).find((e) => e.name === "pull_request");
  const opened = group?.examples.find((e) => e.action === "opened");
  if (!opened) throw new Error("@octokit/webhooks-examples has no pull_request.opened example");
  const payload = structuredClone(opened) as Record<string, unknown> & {
    pull_request: Record<string, unknown> & { head: Record<string, unknown> };
  };
  payload.action = options.action ?? "opened";
  payload.installation = { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  payload.pull_request.head.sha = options.headSha;
  payload.pull_request.draft = options.draft ?? false;
  return payload;
}
