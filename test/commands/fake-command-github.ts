import nock from "nock";
import { recordGitHubRequests, type GitHubRequestRecorder } from "../helpers/openapi-recorder.ts";
import { fixtureRepo, installationId } from "../helpers/pull-request-fixture.ts";
import { commentId, prNumber, pullRequestResponse, repoPath } from "./issue-comment-fixture.ts";

export const checkRunId = 7001;

export interface FakeCommandGitHub {
  readonly api: nock.Scope;
  readonly recorder: GitHubRequestRecorder;
  /** Bodies of the replies Quorum posted on the conversation. */
  readonly replies: string[];
  /** Reactions Quorum added to the command comment. */
  readonly reactions: string[];
  /** Bodies of `PATCH /check-runs/{id}`. */
  readonly checkRunUpdates: Record<string, unknown>[];
  /** GitHub requests other than reads of the config file and the installation token. */
  writes(): { method: string; path: string }[];
}

export interface FakeCommandGitHubOptions {
  /** Content of `.github/quorum.yml`; absent → 404 (defaults apply). */
  readonly configYaml?: string;
  /** The commenter's role (`role_name`) the collaborator-permission API reports, or an HTTP status to fail with. */
  readonly permission?: string | { status: number };
  /** The pull request's head as `GET /pulls/{n}` reports it. */
  readonly pull?: Parameters<typeof pullRequestResponse>[0];
  /** How many `GET /pulls/{n}` calls to answer. Default: 1 when `pull` is given. */
  readonly pullReads?: number;
  /** Deliveries in this test (each reads the config once). Default: 1. */
  readonly deliveries?: number;
}

/**
 * A nock GitHub for one command: every request is validated against GitHub's OpenAPI; interceptors
 * are optional so tests assert on what was (not) sent rather than on nock leftovers.
 */
export async function fakeCommandGitHub(options: FakeCommandGitHubOptions = {}): Promise<FakeCommandGitHub> {
  const api = nock("https://api.github.com");
  const recorder = await recordGitHubRequests(api);
  const replies: string[] = [];
  const reactions: string[] = [];
  const checkRunUpdates: Record<string, unknown>[] = [];
  const deliveries = options.deliveries ?? 1;
  api
    .post(`/app/installations/${installationId}/access_tokens`)
    .optionally()
    .reply(201, { token: "ghs_testtoken", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
    .get(`${repoPath}/contents/.github%2Fquorum.yml`)
    .optionally()
    .times(deliveries)
    .reply(options.configYaml === undefined ? 404 : 200, options.configYaml ?? { message: "Not Found" });
  if (options.configYaml === undefined) {
    // Probot falls back to the owner's `.github` repository when the repository has no config.
    api
      .get(`/repos/${fixtureRepo.owner}/.github/contents/.github%2Fquorum.yml`)
      .optionally()
      .times(deliveries)
      .reply(404, { message: "Not Found" });
  }
  api
    .post(`${repoPath}/issues/comments/${commentId}/reactions`)
    .optionally()
    .times(10)
    .reply(201, (_uri, body) => {
      reactions.push((body as { content: string }).content);
      return { id: reactions.length, content: "eyes" };
    })
    .post(`${repoPath}/issues/${prNumber}/comments`)
    .optionally()
    .times(10)
    .reply(201, (_uri, body) => {
      replies.push((body as { body: string }).body);
      return { id: 900 + replies.length };
    })
    .patch(`${repoPath}/check-runs/${checkRunId}`)
    .optionally()
    .times(10)
    .reply(200, (_uri, body) => {
      checkRunUpdates.push(body as Record<string, unknown>);
      return { id: checkRunId };
    });
  const permission = options.permission ?? "write";
  const permissionPath = /\/collaborators\/[^/]+\/permission$/;
  if (typeof permission === "string") {
    // GitHub's legacy `permission` maps maintain to write and triage to read; `role_name` is exact.
    const legacy: Record<string, string> = { maintain: "write", triage: "read" };
    api
      .get((path) => path.startsWith(repoPath) && permissionPath.test(path))
      .optionally()
      .times(10)
      .reply(200, {
        permission: legacy[permission] ?? permission,
        role_name: permission,
        user: { login: "octo-dev", id: 1 },
      });
  } else {
    api
      .get((path) => path.startsWith(repoPath) && permissionPath.test(path))
      .optionally()
      .times(10)
      .reply(permission.status, { message: "Server Error" });
  }
  if (options.pull !== undefined) {
    api
      .get(`${repoPath}/pulls/${prNumber}`)
      .optionally()
      .times(options.pullReads ?? 1)
      .reply(200, pullRequestResponse(options.pull));
  }
  return {
    api,
    recorder,
    replies,
    reactions,
    checkRunUpdates,
    writes() {
      return recorder.requests
        .filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens"))
        .map((r) => ({ method: r.method, path: r.path }));
    },
  };
}
