import type nock from "nock";
import { fixtureRepo, repoPath } from "../helpers/pull-request-fixture.ts";

export interface DraftPullRequestFake {
  /** Bodies of `POST /pulls`. */
  readonly pulls: Record<string, unknown>[];
  /** `ref` of every `POST /git/refs`. */
  readonly refsCreated: string[];
}

/**
 * GitHub's side of publishing verified work to the fixture repository: the Git Data API writes of a
 * new branch (`blobs` blobs, each with its own sha; the base commit; a tree; a commit; the ref) and
 * the draft pull request, number 41. With `optional`, a test that publishes nothing leaves these
 * interceptors unused rather than pending, and `blobs` is the most it may write.
 */
export function fakeDraftPullRequest(
  api: nock.Scope,
  options: { readonly blobs: number; readonly optional?: boolean },
): DraftPullRequestFake {
  const pulls: Record<string, unknown>[] = [];
  const refsCreated: string[] = [];
  const maybe = (interceptor: nock.Interceptor): nock.Interceptor =>
    options.optional === true ? interceptor.optionally() : interceptor;
  let blobs = 0;
  maybe(api.post(`${repoPath}/git/blobs`))
    .times(options.blobs)
    .reply(201, () => {
      blobs += 1;
      return { sha: `${"b".repeat(38)}${blobs.toString(16).padStart(2, "0")}` };
    });
  maybe(api.get(new RegExp(`^${repoPath}/git/commits/[0-9a-f]{40}$`))).reply(200, (uri) => ({
    sha: uri.split("/").at(-1),
    tree: { sha: "e".repeat(40) },
    parents: [],
  }));
  maybe(api.post(`${repoPath}/git/trees`)).reply(201, { sha: "f".repeat(40) });
  maybe(api.post(`${repoPath}/git/commits`)).reply(201, { sha: "1".repeat(40) });
  maybe(api.post(`${repoPath}/git/refs`)).reply(201, (_uri, body) => {
    const { ref } = body as { ref: string };
    refsCreated.push(ref);
    return { ref, object: { sha: "1".repeat(40) } };
  });
  maybe(api.post(`${repoPath}/pulls`)).reply(201, (_uri, body) => {
    pulls.push(body as Record<string, unknown>);
    return { number: 41, html_url: `https://github.com/${fixtureRepo.owner}/${fixtureRepo.repo}/pull/41` };
  });
  return { pulls, refsCreated };
}
