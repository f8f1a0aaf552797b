import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MetricsRegistry, createGitHubMetricsPlugin, normalizeGitHubRoute } from "../../src/metrics/index.ts";
import { createTestProbot } from "../helpers/create-test-probot.ts";
import { recordGitHubRequests } from "../helpers/openapi-recorder.ts";

const installationId = 4242;
const repoPath = "/repos/Codertocat/Hello-World";

function rateLimit(remaining: number, resource = "core"): Record<string, string> {
  return {
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-resource": resource,
    "x-ratelimit-reset": "4102444800",
  };
}

function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("createGitHubMetricsPlugin (Probot's Octokit, GitHub faked by nock)", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("counts requests by method, route template and status, and keeps the rate limit left per installation", async () => {
    const registry = new MetricsRegistry();
    const probot = createTestProbot({ plugins: [createGitHubMetricsPlugin(registry)] });
    const api = nock("https://api.github.com");
    const recorder = await recordGitHubRequests(api);
    api
      .post(`/app/installations/${installationId}/access_tokens`)
      .reply(201, { token: "ghs_metrics", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
      .get(`${repoPath}/pulls/2`)
      .reply(200, { number: 2 }, rateLimit(4990))
      .get(`${repoPath}/pulls/2/files`)
      .query({ per_page: "1" })
      .reply(200, [{ filename: "a.ts" }], {
        ...rateLimit(4989),
        link: '<https://api.github.com/repositories/1296269/pulls/2/files?per_page=1&page=2>; rel="next"',
      })
      .get("/repositories/1296269/pulls/2/files")
      .query({ per_page: "1", page: "2" })
      .reply(200, [{ filename: "b.ts" }], rateLimit(4988))
      .get(`${repoPath}/contents/missing.yml`)
      .reply(404, { message: "Not Found" }, rateLimit(4987))
      .get("/search/issues")
      .query(true)
      .reply(200, { total_count: 0, incomplete_results: false, items: [] }, rateLimit(29, "search"))
      .get("/app")
      .reply(200, { id: 123 }, rateLimit(4999));

    const octokit = await probot.auth(installationId);
    await octokit.rest.pulls.get({ owner: "Codertocat", repo: "Hello-World", pull_number: 2 });
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: "Codertocat",
      repo: "Hello-World",
      pull_number: 2,
      per_page: 1,
    });
    await expect(
      octokit.rest.repos.getContent({ owner: "Codertocat", repo: "Hello-World", path: "missing.yml" }),
    ).rejects.toMatchObject({ status: 404 });
    await octokit.rest.search.issuesAndPullRequests({ q: "repo:Codertocat/Hello-World is:pr" });
    await (await probot.auth()).rest.apps.getAuthenticated();
    const text = await registry.render();

    expect(files).toHaveLength(2);
    const requests = (method: string, route: string, status: string): number | undefined =>
      sample(text, `quorum_github_requests_total{method="${method}",route="${route}",status="${status}"}`);
    expect(requests("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", "200")).toBe(1);
    // Pagination sends literal URLs: they are reduced to placeholders, with no repository in the label.
    expect(requests("GET", "/repos/{owner}/{repo}/pulls/{id}/files", "200")).toBe(1);
    expect(requests("GET", "/repositories/{id}/pulls/{id}/files", "200")).toBe(1);
    expect(text).not.toContain("Hello-World");
    expect(requests("GET", "/repos/{owner}/{repo}/contents/{path}", "404")).toBe(1);
    expect(requests("GET", "/search/issues", "200")).toBe(1);
    expect(requests("GET", "/app", "200")).toBe(1);
    expect(requests("POST", "/app/installations/{installation_id}/access_tokens", "201")).toBe(1);
    // The 404's headers count too: the error is the latest answer.
    expect(
      sample(text, `quorum_github_rate_limit_remaining{installation="${installationId}",resource="core"}`),
    ).toBe(4987);
    expect(
      sample(text, `quorum_github_rate_limit_remaining{installation="${installationId}",resource="search"}`),
    ).toBe(29);
    expect(sample(text, 'quorum_github_rate_limit_remaining{installation="app",resource="core"}')).toBe(4999);
    expect(
      sample(text, `quorum_github_rate_limit_limit{installation="${installationId}",resource="core"}`),
    ).toBe(5000);
    const counted = text
      .split("\n")
      .filter((l) => l.startsWith("quorum_github_requests_total{"))
      .reduce((sum, l) => sum + Number(l.split(" ").at(-1)), 0);
    expect(counted).toBe(recorder.requests.length);
    recorder.assertNoViolations();
    expect(api.pendingMocks()).toEqual([]);
  });

  it("counts a request GitHub never answered under status error", async () => {
    const registry = new MetricsRegistry();
    const probot = createTestProbot({ plugins: [createGitHubMetricsPlugin(registry)] });
    nock("https://api.github.com").get("/app").replyWithError({ code: "ECONNRESET" });

    await expect((await probot.auth()).rest.apps.getAuthenticated()).rejects.toThrow();
    const text = await registry.render();

    expect(sample(text, 'quorum_github_requests_total{method="GET",route="/app",status="error"}')).toBe(1);
    expect(text).not.toContain("quorum_github_rate_limit_remaining{");
  });
});

describe("normalizeGitHubRoute", () => {
  it("keeps templates, strips the base URL and query, and replaces ids and SHAs in literal paths", () => {
    expect(normalizeGitHubRoute("/repos/{owner}/{repo}/pulls/{pull_number}")).toBe(
      "/repos/{owner}/{repo}/pulls/{pull_number}",
    );
    expect(
      normalizeGitHubRoute(
        "https://ghe.example.com/api/v3/repositories/12/commits/0123456789abcdef0123456789abcdef01234567?page=2",
        "https://ghe.example.com/api/v3",
      ),
    ).toBe("/repositories/{id}/commits/{sha}");
    expect(normalizeGitHubRoute("https://uploads.github.com/repos/o/r/releases/5/assets?name=x")).toBe(
      "/repos/{owner}/{repo}/releases/{id}/assets",
    );
    expect(normalizeGitHubRoute("/repos/acme/api/contents/src/a%2Fb.ts", "")).toBe(
      "/repos/{owner}/{repo}/contents/{path}",
    );
    expect(normalizeGitHubRoute("/repos/acme/api/git/refs/heads/quorum/fix-7")).toBe(
      "/repos/{owner}/{repo}/git/refs/{ref}",
    );
    expect(normalizeGitHubRoute("/orgs/acme/installation")).toBe("/orgs/{org}/installation");
    expect(normalizeGitHubRoute("/repos/acme/api")).toBe("/repos/{owner}/{repo}");
  });
});
