import nock from "nock";
import type { GitHubFileEntry } from "../helpers/pull-request-fixture.ts";
import { fixtureRepo, installationId } from "../helpers/pull-request-fixture.ts";
import { recordGitHubRequests, type GitHubRequestRecorder } from "../helpers/openapi-recorder.ts";

export const repoPath = `/repos/${fixtureRepo.owner}/${fixtureRepo.repo}`;
const checkRunId = 7101;
const reviewId = 9101;

export interface FakeReviewGitHub {
  readonly recorder: GitHubRequestRecorder;
  readonly reviews: { event: string; body: string; comments?: { body: string; line: number }[] }[];
  readonly checkRunBodies: Record<string, unknown>[];
  /** Every text Quorum sent to GitHub: review bodies, inline comments, check-run titles and summaries. */
  postedText(): string;
  /** Method and path (without query) of every request, e.g. `POST /repos/o/r/pulls/2/reviews`. */
  operations(): string[];
}

/**
 * GitHub for one review run of pull request #2 with the given files; every request is validated
 * against GitHub's OpenAPI. Anything Quorum sends that is not set up here fails the run.
 */
export async function fakeReviewGitHub(files: readonly GitHubFileEntry[]): Promise<FakeReviewGitHub> {
  const api = nock("https://api.github.com");
  const recorder = await recordGitHubRequests(api);
  const reviews: FakeReviewGitHub["reviews"] = [];
  const checkRunBodies: Record<string, unknown>[] = [];
  const recordCheckRun = (_uri: string, body: nock.Body): { id: number } => {
    checkRunBodies.push(body as Record<string, unknown>);
    return { id: checkRunId };
  };
  api
    .post(`/app/installations/${installationId}/access_tokens`)
    .optionally()
    .reply(201, { token: "ghs_testtoken", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
    .get(`${repoPath}/contents/.github%2Fquorum.yml`)
    .reply(404, { message: "Not Found" })
    .get(`/repos/${fixtureRepo.owner}/.github/contents/.github%2Fquorum.yml`)
    .reply(404, { message: "Not Found" })
    .post(`${repoPath}/check-runs`)
    .reply(201, recordCheckRun)
    .get(`${repoPath}/pulls/2/files`)
    .query(true)
    .reply(200, files as nock.Body)
    .patch(`${repoPath}/check-runs/${checkRunId}`)
    .optionally()
    .times(60)
    .reply(200, recordCheckRun)
    .post(`${repoPath}/pulls/2/reviews`)
    .reply(200, (_uri, body) => {
      reviews.push(body as FakeReviewGitHub["reviews"][number]);
      return { id: reviewId };
    });
  return {
    recorder,
    reviews,
    checkRunBodies,
    postedText() {
      const texts: string[] = [];
      for (const review of reviews) texts.push(review.body, ...(review.comments ?? []).map((c) => c.body));
      for (const body of checkRunBodies) {
        const output = (body.output ?? {}) as { title?: string; summary?: string; text?: string };
        texts.push(output.title ?? "", output.summary ?? "", output.text ?? "");
      }
      return texts.join("\n");
    },
    operations() {
      return recorder.requests.map((r) => `${r.method} ${r.path.split("?")[0] ?? r.path}`);
    },
  };
}
