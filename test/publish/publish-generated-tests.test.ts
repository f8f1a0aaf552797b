import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { publishGeneratedTests, type GeneratedTestsLike } from "../../src/publish/index.ts";
import { startFakeGitHub, type FakeGitHub } from "../helpers/openapi-fake-github.ts";
import {
  expectGitDataCommit,
  expectOpenPullRequestLookup,
  expectTakenBranch,
  newTreeSha,
  sha,
} from "./fake-git-data.ts";

afterEach(() => {
  nock.cleanAll();
});

const repoPath = "/repos/octo/cart";
const headSha = sha("a");
const branch = `quorum/tests-5-${headSha.slice(0, 7)}`;
const result: GeneratedTestsLike = {
  headSha,
  kept: [{ source: "src/cart.js", path: "test/cart.quorum.test.js", content: "test();\n", reason: "passes" }],
  discarded: [],
  log: { sandbox: "bwrap", baseSha: headSha, testCommand: "npm test", steps: [] },
};
const openPull = { number: 9, html_url: "https://github.com/octo/cart/pull/9" };

async function publish(github: FakeGitHub): Promise<unknown> {
  return publishGeneratedTests(github.octokit, {
    owner: "octo",
    repo: "cart",
    pullNumber: 5,
    headBranch: "fix-discount",
    result,
  });
}

describe("publishGeneratedTests on a retried job (GitHub faked, requests checked against its OpenAPI)", () => {
  it("reuses its own branch and open pull request instead of failing on a second one", async () => {
    const github = await startFakeGitHub();
    expectGitDataCommit(github, repoPath, { baseSha: headSha, blobs: 1, commitSha: sha("2") });
    expectTakenBranch(github, repoPath, {
      branch,
      commitSha: sha("1"),
      treeSha: newTreeSha,
      parentSha: headSha,
    });
    expectOpenPullRequestLookup(github, repoPath, branch, [openPull]);

    const published = await publish(github);

    expect(published).toEqual({ kind: "pull-request", number: 9, url: openPull.html_url, branch });
    github.assertDone();
    expect(github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/pulls")).toEqual([]);
  });

  it("returns the pull request a racing attempt opened when GitHub answers 422", async () => {
    const github = await startFakeGitHub();
    expectGitDataCommit(github, repoPath, { baseSha: headSha, blobs: 1, commitSha: sha("2") });
    github.api
      .post(`${repoPath}/git/refs`)
      .reply(201, { ref: `refs/heads/${branch}`, object: { sha: sha("2") } })
      .post(`${repoPath}/pulls`)
      .reply(422, { message: "A pull request already exists for octo:" + branch });
    expectOpenPullRequestLookup(github, repoPath, branch, [openPull]);

    const published = await publish(github);

    expect(published).toEqual({ kind: "pull-request", number: 9, url: openPull.html_url, branch });
    github.assertDone();
    expect(github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/pulls")[0]?.body).toMatchObject({
      draft: true,
      head: branch,
      base: "fix-discount",
    });
  });
});
