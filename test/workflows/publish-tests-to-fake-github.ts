import {
  publishGeneratedTests,
  type GeneratedTestsLike,
  type PublishedTests,
} from "../../src/publish/index.ts";
import { startFakeGitHub } from "../helpers/openapi-fake-github.ts";

export interface FakePublication {
  readonly published: PublishedTests;
  /** What Quorum sent: the draft pull request (`POST /pulls`) or, with nothing kept, the comment. */
  readonly request: Record<string, unknown>;
  readonly body: string;
}

/**
 * Publishes a test-generation result of `octo/cart` pull request `pullNumber` to a fake GitHub
 * (every request checked against GitHub's OpenAPI, every interceptor used): the Git Data API writes
 * and a draft pull request (number 9) when tests were kept, one comment (id 77) otherwise.
 */
export async function publishTestsToFakeGitHub(
  result: GeneratedTestsLike,
  options: { pullNumber: number; headBranch: string },
): Promise<FakePublication> {
  const github = await startFakeGitHub();
  const sha = (c: string): string => c.repeat(40);
  const pullsPath = "/repos/{owner}/{repo}/pulls";
  const commentsPath = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
  if (result.kept.length === 0) {
    github.api.post(`/repos/octo/cart/issues/${options.pullNumber}/comments`).reply(201, { id: 77 });
  } else {
    github.api
      .post("/repos/octo/cart/git/blobs")
      .times(result.kept.length)
      .reply(201, { sha: sha("b") })
      .get(`/repos/octo/cart/git/commits/${result.headSha}`)
      .reply(200, { sha: result.headSha, tree: { sha: sha("e") }, parents: [] })
      .post("/repos/octo/cart/git/trees")
      .reply(201, { sha: sha("f") })
      .post("/repos/octo/cart/git/commits")
      .reply(201, { sha: sha("1") })
      .post("/repos/octo/cart/git/refs")
      .reply(201, { ref: "x", object: { sha: sha("1") } })
      .post("/repos/octo/cart/pulls")
      .reply(201, { number: 9, html_url: "https://github.com/octo/cart/pull/9" });
  }
  const published = await publishGeneratedTests(github.octokit, {
    owner: "octo",
    repo: "cart",
    pullNumber: options.pullNumber,
    headBranch: options.headBranch,
    result,
  });
  github.assertDone();
  const sent = github.recorder.requestsTo("POST", result.kept.length === 0 ? commentsPath : pullsPath)[0];
  const request = (sent?.body ?? {}) as Record<string, unknown>;
  return { published, request, body: String(request.body) };
}
