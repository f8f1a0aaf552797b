import type nock from "nock";
import type { FakeGitHub } from "../helpers/openapi-fake-github.ts";

/** `c` repeated to a 40-character sha. */
export function sha(char: string): string {
  return char.repeat(40);
}

/** The sha the fake gives the new tree; a taken branch with this tree holds the same change. */
export const newTreeSha = sha("f");

/**
 * Expects the Git Data writes of one commit on `baseSha`: `blobs` blobs (`blob` answers them,
 * default sha b…), the base commit read, the tree (`newTreeSha`) and the commit `commitSha`.
 */
export function expectGitDataCommit(
  github: FakeGitHub,
  repoPath: string,
  options: {
    baseSha: string;
    blobs: number;
    commitSha: string;
    blob?: nock.ReplyBody | ((uri: string, body: nock.Body) => nock.ReplyBody);
  },
): void {
  github.api
    .post(`${repoPath}/git/blobs`)
    .times(options.blobs)
    .reply(201, options.blob ?? { sha: sha("b") })
    .get(`${repoPath}/git/commits/${options.baseSha}`)
    .reply(200, { sha: options.baseSha, tree: { sha: sha("e") }, parents: [] })
    .post(`${repoPath}/git/trees`)
    .reply(201, { sha: newTreeSha })
    .post(`${repoPath}/git/commits`)
    .reply(201, { sha: options.commitSha });
}

/** Expects the branch name to be taken: creating it answers 422, then the branch's commit is read. */
export function expectTakenBranch(
  github: FakeGitHub,
  repoPath: string,
  taken: { branch: string; commitSha: string; treeSha: string; parentSha: string },
): void {
  github.api
    .post(`${repoPath}/git/refs`)
    .reply(422, { message: "Reference already exists" })
    .get(`${repoPath}/git/ref/${encodeURIComponent(`heads/${taken.branch}`)}`)
    .reply(200, { ref: `refs/heads/${taken.branch}`, object: { sha: taken.commitSha } })
    .get(`${repoPath}/git/commits/${taken.commitSha}`)
    .reply(200, { sha: taken.commitSha, tree: { sha: taken.treeSha }, parents: [{ sha: taken.parentSha }] });
}

/** Expects the look-up of the open pull request from `branch` of owner `octo`, answering `pulls`. */
export function expectOpenPullRequestLookup(
  github: FakeGitHub,
  repoPath: string,
  branch: string,
  pulls: readonly { number: number; html_url: string }[],
): void {
  github.api
    .get(`${repoPath}/pulls`)
    .query({ head: `octo:${branch}`, state: "open", per_page: "1" })
    .reply(200, [...pulls]);
}
