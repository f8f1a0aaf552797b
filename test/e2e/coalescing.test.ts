import nock from "nock";
import { describe, expect, it } from "vitest";
import { computeRunId } from "../../src/queue/index.ts";
import { fakeInstallationAccess } from "../helpers/fake-installation-access.ts";
import { recordGitHubRequests } from "../helpers/openapi-recorder.ts";
import {
  buildPullRequestPayload,
  fixtureRepo,
  installationId,
  readFixtureFiles,
} from "../helpers/pull-request-fixture.ts";
import { repoPath, type PostedReview } from "../helpers/start-review-harness.ts";
import { useScriptedReviewHarness } from "../helpers/use-scripted-review-harness.ts";

const agreedFinding = JSON.stringify({
  findings: [
    {
      path: "src/cart.js",
      line: 5,
      message: "The loop runs one past the end.",
      category: "bug",
      severity: "major",
      confidence: 0.9,
    },
  ],
});

describe("a burst of pushes", () => {
  // Slow enough that the first run is still reviewing while the pushes arrive.
  const suite = useScriptedReviewHarness(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return agreedFinding;
    },
    { coalesceMs: 1_500 },
  );

  it("ends in at most two reviews, the last on the newest head; the superseded run is cancelled", async () => {
    const { harness } = suite;
    const api = nock("https://api.github.com");
    const recorder = await recordGitHubRequests(api);
    const reviews: PostedReview[] = [];
    const checkRuns = new Map<number, { head: string; updates: Record<string, unknown>[] }>();
    let nextCheckRun = 100;
    fakeInstallationAccess(api, { deliveries: 5 })
      .post(`${repoPath}/check-runs`)
      .times(5)
      .optionally()
      .reply(201, (_uri, body) => {
        const id = nextCheckRun++;
        checkRuns.set(id, { head: (body as { head_sha: string }).head_sha, updates: [] });
        return { id };
      })
      .patch(/\/check-runs\/\d+$/)
      .times(100)
      .optionally()
      .reply(200, (uri, body) => {
        const id = Number(uri.split("/").at(-1));
        checkRuns.get(id)?.updates.push(body as Record<string, unknown>);
        return { id };
      })
      .get(`${repoPath}/pulls/2/files`)
      .query(true)
      .times(5)
      .optionally()
      .reply(200, readFixtureFiles("cart-discount"))
      // The newest run finds no memory of a finished review (the first was cancelled) and reads
      // Quorum's earlier comments, of which there are none.
      .get(`${repoPath}/pulls/2/comments`)
      .query(true)
      .times(5)
      .optionally()
      .reply(200, [])
      .post(`${repoPath}/pulls/2/reviews`)
      .times(5)
      .optionally()
      .reply(200, (_uri, body) => {
        reviews.push(body as PostedReview);
        return { id: 1 };
      });

    const heads = ["1", "2", "3", "4", "5"].map((c) => c.repeat(40));
    await harness.deliver("burst-1", buildPullRequestPayload({ headSha: heads[0]! }));
    // Wait until the first run is really reviewing.
    const deadline = Date.now() + 30_000;
    while ((await harness.queues.review.getJobs(["active"])).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const [i, head] of heads.slice(1).entries()) {
      await harness.deliver(
        `burst-${i + 2}`,
        buildPullRequestPayload({ headSha: head, action: "synchronize" }),
      );
    }

    expect(await harness.waitForRun(heads[4]!)).toBe("completed");
    expect(await harness.waitForRun(heads[0]!)).toBe("completed");

    expect(reviews.length).toBeLessThanOrEqual(2);
    expect(reviews.at(-1)?.commit_id).toBe(heads[4]);
    // Only the first and the last head got a run at all: pushes 2–4 were coalesced away.
    expect([...checkRuns.values()].map((c) => c.head).sort()).toEqual([heads[0], heads[4]]);
    const first = [...checkRuns.values()].find((c) => c.head === heads[0]);
    expect(first?.updates.at(-1)).toMatchObject({ status: "completed", conclusion: "cancelled" });
    const runOne = computeRunId({
      ...fixtureRepo,
      pullNumber: 2,
      headSha: heads[0]!,
      baseSha: "",
      installationId,
    });
    expect(await harness.queues.runs.cancelledReason(runOne)).toMatch(/superseded/);
    recorder.assertNoViolations();
    nock.cleanAll();
  });
});
