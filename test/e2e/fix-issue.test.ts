import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import examples from "@octokit/webhooks-examples";
import nock from "nock";
import { pino } from "pino";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQuorumApp } from "../../src/app.ts";
import { createJobProcessors, processFixJob } from "../../src/pipeline/index.ts";
import { createScriptedPool, type ScriptedPool } from "../../src/pool/index.ts";
import { startQuorumWorkers, type QuorumWorkers, type ReviewQueues } from "../../src/queue/index.ts";
import { createSandbox, openWorkspace, readSandboxSettings, type Sandbox } from "../../src/verify/index.ts";
import { createTestProbot } from "../helpers/create-test-probot.ts";
import { recordGitHubRequests } from "../helpers/openapi-recorder.ts";
import { installationId } from "../helpers/pull-request-fixture.ts";
import { createTestQueues } from "../helpers/use-test-queues.ts";
import { createFixtureRepository } from "../verify/fixture-repository.ts";
import {
  cartIssue,
  correctFix,
  fixAnswer,
  reproducingTestContent,
  testAnswer,
} from "../workflows/fix-workflow-harness.ts";

/**
 * Issue → label → queue → fix worker (real sandbox, real git, real tests of the repository) →
 * draft pull request. Scripted agents propose the patch; everything after them is real, and
 * GitHub is faked with every request checked against its OpenAPI description.
 */
const repoPath = "/repos/Codertocat/Hello-World";
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

interface ExampleGroup {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

function buildLabeledPayload(cloneUrl: string): Record<string, unknown> {
  const group = (examples as unknown as ExampleGroup[]).find((e) => e.name === "issues");
  const labeled = structuredClone(group?.examples.find((e) => e.action === "labeled")) as {
    issue: Record<string, unknown>;
    repository: Record<string, unknown>;
    label: Record<string, unknown>;
  } & Record<string, unknown>;
  labeled.label.name = "quorum:fix";
  Object.assign(labeled.issue, {
    number: cartIssue.number,
    title: cartIssue.title,
    body: cartIssue.body,
    state: "open",
  });
  Object.assign(labeled.repository, { clone_url: cloneUrl, default_branch: "main" });
  labeled.installation = { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  return labeled;
}

describe("a `quorum:fix` label, end to end", () => {
  let root: string;
  let source: string;
  let sandbox: Sandbox;
  let pool: ScriptedPool;
  let queues: ReviewQueues;
  let cleanup: () => Promise<void>;
  let workers: QuorumWorkers;
  let probot: Probot;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "quorum-fix-e2e-"));
    // The sandbox user must be able to reach worktrees under it.
    await chmod(root, 0o711);
    source = await mkdtemp(join(root, "cart-js-"));
    createFixtureRepository("cart-js", source, {});
    sandbox = await createSandbox({ ...readSandboxSettings(), logger });
    pool = createScriptedPool((request) =>
      request.role === "tests" ? testAnswer(reproducingTestContent) : fixAnswer([correctFix]),
    );
    ({ queues, cleanup } = createTestQueues());
    probot = createTestProbot();
    await probot.load(createQuorumApp({ queues }));
    const github = { forInstallation: (id: number) => probot.auth(id) };
    workers = await startQuorumWorkers({
      settings: queues.settings,
      logger,
      control: false,
      review: false,
      fix: true,
      processors: {
        ...createJobProcessors({ github, pool, queues, logger, demo: false }),
        fix: (job, signal) =>
          processFixJob(
            {
              github,
              pool,
              sandbox,
              logger,
              demo: false,
              openWorkspace: ({ cloneUrl, token, logger: jobLogger }) =>
                openWorkspace({
                  cacheDir: join(root, "cache"),
                  cloneUrl,
                  token,
                  allowLocalUrls: true,
                  logger: jobLogger,
                }),
            },
            job,
            signal,
          ),
      },
    });
    nock.disableNetConnect();
  }, 120_000);

  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await workers.close();
    await cleanup();
    await pool.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it("ends in a draft pull request whose branch passed the repository's tests", async () => {
    const api = nock("https://api.github.com");
    const recorder = await recordGitHubRequests(api);
    const pulls: Record<string, unknown>[] = [];
    api
      .post(`/app/installations/${installationId}/access_tokens`)
      .optionally()
      .times(2)
      .reply(201, { token: "ghs_testtoken", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
      .get(`${repoPath}/contents/.github%2Fquorum.yml`)
      .reply(404, { message: "Not Found" })
      .get(`/repos/Codertocat/.github/contents/.github%2Fquorum.yml`)
      .reply(404, { message: "Not Found" })
      .get(`${repoPath}/collaborators/Codertocat/permission`)
      .reply(200, { permission: "write", role_name: "write", user: { login: "Codertocat" } })
      .post(`${repoPath}/git/blobs`)
      .twice()
      .reply(201, (_uri, body) => ({
        sha: ((body as { content: string }).content.length % 2 === 0 ? "b" : "c").repeat(40),
      }))
      .get(/\/repos\/Codertocat\/Hello-World\/git\/commits\/[0-9a-f]{40}$/)
      .reply(200, (uri) => ({ sha: uri.split("/").at(-1), tree: { sha: "e".repeat(40) }, parents: [] }))
      .post(`${repoPath}/git/trees`)
      .reply(201, { sha: "f".repeat(40) })
      .post(`${repoPath}/git/commits`)
      .reply(201, { sha: "1".repeat(40) })
      .post(`${repoPath}/git/refs`)
      .reply(201, (_uri, body) => ({ ref: (body as { ref: string }).ref, object: { sha: "1".repeat(40) } }))
      .post(`${repoPath}/pulls`)
      .reply(201, (_uri, body) => {
        pulls.push(body as Record<string, unknown>);
        return { number: 41, html_url: "https://github.com/Codertocat/Hello-World/pull/41" };
      });

    await probot.receive({
      id: "label-fix-1",
      name: "issues",
      payload: buildLabeledPayload(source),
    } as Parameters<Probot["receive"]>[0]);
    const job = await queues.fix.getJob("fix-label-fix-1");
    expect(job).toBeDefined();
    const deadline = Date.now() + 300_000;
    let state = "waiting";
    while (Date.now() < deadline && state !== "completed" && state !== "failed") {
      state = await job!.getState();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(state).toBe("completed");
    expect((await queues.fix.getJob("fix-label-fix-1"))?.returnvalue).toMatchObject({
      kind: "pull-request",
      number: 41,
    });
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ draft: true, base: "main" });
    expect(String(pulls[0]?.head)).toMatch(/^quorum\/fix-12-[0-9a-f]{7}$/);
    expect(String(pulls[0]?.body)).toMatch(/pass/i);
    recorder.assertNoViolations();
    expect(api.pendingMocks()).toEqual([]);
  }, 320_000);

  it("refuses a label from someone without write access and queues nothing", async () => {
    const api = nock("https://api.github.com");
    const recorder = await recordGitHubRequests(api);
    const comments: string[] = [];
    api
      .post(`/app/installations/${installationId}/access_tokens`)
      .optionally()
      .reply(201, { token: "ghs_testtoken", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
      .get(`${repoPath}/contents/.github%2Fquorum.yml`)
      .reply(404, { message: "Not Found" })
      .get(`/repos/Codertocat/.github/contents/.github%2Fquorum.yml`)
      .reply(404, { message: "Not Found" })
      .get(`${repoPath}/collaborators/Codertocat/permission`)
      .reply(200, { permission: "read", role_name: "triage", user: { login: "Codertocat" } })
      .post(`${repoPath}/issues/${cartIssue.number}/comments`)
      .reply(201, (_uri, body) => {
        comments.push((body as { body: string }).body);
        return { id: 1 };
      });
    await probot.receive({
      id: "label-fix-2",
      name: "issues",
      payload: buildLabeledPayload(source),
    } as Parameters<Probot["receive"]>[0]);
    expect(await queues.fix.getJob("fix-label-fix-2")).toBeUndefined();
    expect(comments[0]).toMatch(/write access/);
    recorder.assertNoViolations();
    expect(api.pendingMocks()).toEqual([]);
  });
});
