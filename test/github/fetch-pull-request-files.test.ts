import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { fetchPullRequestFiles } from "../../src/github/index.ts";
import { startFakeGitHub } from "../helpers/openapi-fake-github.ts";

afterEach(() => {
  nock.cleanAll();
});

function fileEntry(filename: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sha: "bbcd538c8e72b8c175046e27cc8f907076331401",
    filename,
    status: "modified",
    additions: 1,
    deletions: 0,
    changes: 1,
    blob_url: `https://github.com/octo/app/blob/abc/${filename}`,
    raw_url: `https://github.com/octo/app/raw/abc/${filename}`,
    contents_url: `https://api.github.com/repos/octo/app/contents/${filename}?ref=abc`,
    patch: "@@ -1 +1,2 @@\n a\n+b",
    ...extra,
  };
}

describe("fetchPullRequestFiles", () => {
  it("follows every page and maps GitHub's fields onto ChangedFile", async () => {
    const github = await startFakeGitHub();
    const firstPage = Array.from({ length: 100 }, (_, index) => fileEntry(`src/f${index}.ts`));
    github.api
      .get("/repos/octo/app/pulls/3/files")
      .query({ per_page: "100" })
      .reply(200, firstPage, {
        link: '<https://api.github.com/repositories/1/pulls/3/files?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/pulls/3/files?per_page=100&page=2>; rel="last"',
      })
      .get("/repositories/1/pulls/3/files")
      .query({ per_page: "100", page: "2" })
      .reply(200, [
        fileEntry("lib/new.ts", { status: "renamed", previous_filename: "src/old.ts" }),
        fileEntry("assets/logo.png", { status: "added", additions: 0, patch: undefined }),
        fileEntry("src/gone.ts", {
          status: "removed",
          additions: 0,
          deletions: 3,
          patch: "@@ -1,3 +0,0 @@\n-a\n-b\n-c",
        }),
      ]);

    const files = await fetchPullRequestFiles(github.octokit, { owner: "octo", repo: "app", pullNumber: 3 });

    expect(files).toHaveLength(103);
    expect(files[0]).toEqual({
      path: "src/f0.ts",
      status: "modified",
      patch: "@@ -1 +1,2 @@\n a\n+b",
      additions: 1,
      deletions: 0,
    });
    expect(files.slice(100)).toEqual([
      {
        path: "lib/new.ts",
        previousPath: "src/old.ts",
        status: "renamed",
        patch: "@@ -1 +1,2 @@\n a\n+b",
        additions: 1,
        deletions: 0,
      },
      { path: "assets/logo.png", status: "added", additions: 0, deletions: 0 },
      {
        path: "src/gone.ts",
        status: "removed",
        patch: "@@ -1,3 +0,0 @@\n-a\n-b\n-c",
        additions: 0,
        deletions: 3,
      },
    ]);
    github.assertDone();
  });

  it("works against a GitHub Enterprise Server API root", async () => {
    const github = await startFakeGitHub("https://ghe.example.com/api/v3");
    github.api
      .get("/api/v3/repos/octo/app/pulls/9/files")
      .query(true)
      .reply(200, [fileEntry("README.md")]);
    const files = await fetchPullRequestFiles(github.octokit, { owner: "octo", repo: "app", pullNumber: 9 });
    expect(files.map((file) => file.path)).toEqual(["README.md"]);
    github.assertDone();
  });
});
