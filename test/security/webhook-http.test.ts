import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer as createHttpServer, type Server } from "node:http";
import { Redis } from "ioredis";
import nock from "nock";
import { pino } from "pino";
import { createNodeMiddleware, type Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createQuorumApp } from "../../src/app.ts";
import {
  ReviewQueues,
  startQuorumWorkers,
  type JobProcessors,
  type QuorumWorkers,
} from "../../src/queue/index.ts";
import { fakeCommandGitHub } from "../commands/fake-command-github.ts";
import { buildIssueCommentPayload } from "../commands/issue-comment-fixture.ts";
import { createTestProbot } from "../helpers/create-test-probot.ts";
import { fakeInstallationAccess } from "../helpers/fake-installation-access.ts";
import { findFreePort } from "../helpers/find-free-port.ts";
import { recordGitHubRequests, type GitHubRequestRecorder } from "../helpers/openapi-recorder.ts";
import { buildPullRequestPayload } from "../helpers/pull-request-fixture.ts";
import { createTestQueues } from "../helpers/use-test-queues.ts";

/** The secret `createTestProbot` verifies signatures with. */
const secret = "test-secret";

interface WebhookServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Quorum's app behind Probot's real Node middleware on a real HTTP server, as `quorum all` runs it. */
async function startWebhookServer(queues: ReviewQueues): Promise<WebhookServer> {
  const probot: Probot = createTestProbot();
  const middleware = await createNodeMiddleware(createQuorumApp({ queues }), { probot });
  const server: Server = createHttpServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  return {
    url: `http://127.0.0.1:${address.port}/api/github/webhooks`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sign(body: string, key = secret): string {
  return `sha256=${createHmac("sha256", key).update(body).digest("hex")}`;
}

async function post(
  server: WebhookServer,
  options: { event: string; delivery: string; body: string; signature?: string | null },
): Promise<number> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-github-event": options.event,
    "x-github-delivery": options.delivery,
  };
  const signature = options.signature === undefined ? sign(options.body) : options.signature;
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  const response = await fetch(server.url, { method: "POST", headers, body: options.body });
  await response.text();
  return response.status;
}

async function countJobs(queues: ReviewQueues): Promise<number> {
  const counts = await queues.control.getJobCounts();
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** A pull-request webhook's GitHub side: token and the config read (per delivery). */
async function fakeConfigReads(deliveries: number): Promise<GitHubRequestRecorder> {
  const api = nock("https://api.github.com");
  const recorder = await recordGitHubRequests(api);
  fakeInstallationAccess(api, { deliveries, optionalConfig: true });
  return recorder;
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe("webhook signatures (real HTTP)", () => {
  let queues: ReviewQueues;
  let cleanup: () => Promise<void>;
  let server: WebhookServer;

  beforeAll(async () => {
    ({ queues, cleanup } = createTestQueues());
    server = await startWebhookServer(queues);
  });

  afterAll(async () => {
    await server.close();
    await cleanup();
  });

  const body = JSON.stringify(buildPullRequestPayload({ headSha: "1".repeat(40) }));

  it("answers 4xx to an unsigned delivery and queues nothing", async () => {
    const recorder = await fakeConfigReads(1);
    expect(await post(server, { event: "pull_request", delivery: "unsigned", body, signature: null })).toBe(
      400,
    );
    expect(await countJobs(queues)).toBe(0);
    expect(recorder.requests).toEqual([]);
  });

  it("answers 4xx to a wrong secret or a tampered body, and queues nothing", async () => {
    await fakeConfigReads(1);
    const wrongKey = await post(server, {
      event: "pull_request",
      delivery: "wrong-key",
      body,
      signature: sign(body, "guessed"),
    });
    const tampered = await post(server, {
      event: "pull_request",
      delivery: "tampered",
      body: body.replace('"opened"', '"reopened"'),
      signature: sign(body),
    });
    expect(wrongKey).toBeGreaterThanOrEqual(400);
    expect(wrongKey).toBeLessThan(500);
    expect(tampered).toBeGreaterThanOrEqual(400);
    expect(tampered).toBeLessThan(500);
    expect(await countJobs(queues)).toBe(0);
  });

  it("accepts a correctly signed delivery and has the job in Redis before it answers", async () => {
    await fakeConfigReads(1);
    expect(await post(server, { event: "pull_request", delivery: "signed-1", body })).toBe(200);
    expect(await queues.control.getJob("delivery-signed-1")).toBeDefined();
  });

  it("handles a deeply nested payload without crashing, and keeps serving", async () => {
    await fakeConfigReads(2);
    const payload = buildPullRequestPayload({ headSha: "2".repeat(40) });
    const depth = 50_000;
    const nested = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const deep = JSON.stringify(payload).replace(/}$/, `,"extra":${nested}}`);
    const status = await post(server, { event: "pull_request", delivery: "deep-1", body: deep });
    expect(status).toBe(200);
    // Only Quorum's own small job data is stored, never the payload.
    const job = await queues.control.getJob("delivery-deep-1");
    expect(JSON.stringify(job?.data ?? {}).length).toBeLessThan(10_000);
    expect(await post(server, { event: "pull_request", delivery: "after-deep", body })).toBe(200);
  });
});

describe("redeliveries (real HTTP, real workers)", () => {
  let queues: ReviewQueues;
  let cleanup: () => Promise<void>;
  let server: WebhookServer;
  let workers: QuorumWorkers;
  let prepared = 0;

  beforeAll(async () => {
    ({ queues, cleanup } = createTestQueues());
    server = await startWebhookServer(queues);
    const unused = (): Promise<never> => Promise.reject(new Error("not part of this test"));
    const processors: JobProcessors = {
      prepare: (job) => {
        prepared += 1;
        return Promise.resolve({ runId: `run-${job.id ?? "?"}`, status: "planned", reviewTasks: 0 });
      },
      review: unused,
      fuse: unused,
      publish: unused,
    };
    workers = await startQuorumWorkers({
      settings: queues.settings,
      logger: pino({ level: "silent" }),
      review: false,
      processors,
    });
  });

  afterAll(async () => {
    await workers.close();
    await server.close();
    await cleanup();
  });

  it("runs a redelivered delivery id once, even after the first job completed", async () => {
    await fakeConfigReads(2);
    const body = JSON.stringify(buildPullRequestPayload({ headSha: "3".repeat(40) }));
    expect(await post(server, { event: "pull_request", delivery: "redelivered", body })).toBe(200);
    const deadline = Date.now() + 20_000;
    while ((await queues.control.getJob("delivery-redelivered"))?.finishedOn === undefined) {
      if (Date.now() > deadline) throw new Error("the first delivery was not processed");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(await post(server, { event: "pull_request", delivery: "redelivered", body })).toBe(200);
    expect(await countJobs(queues)).toBe(1);
    expect(await queues.control.getJob("delivery-redelivered").then((j) => j?.getState())).toBe("completed");
    expect(prepared).toBe(1);
  });
});

describe("Redis unavailable (real HTTP)", () => {
  it("answers 5xx to a command when Redis is unreachable, with nothing written to GitHub", async () => {
    const closedPort = await findFreePort();
    const queues = new ReviewQueues({ redisUrl: `redis://127.0.0.1:${closedPort}`, prefix: "quorum-down" });
    silence(queues);
    const server = await startWebhookServer(queues);
    try {
      const github = await fakeCommandGitHub({ pull: { headSha: "4".repeat(40) } });
      const body = JSON.stringify(buildIssueCommentPayload({ body: "/quorum review" }));
      const status = await post(server, { event: "issue_comment", delivery: "down-cmd", body });
      expect(status).toBeGreaterThanOrEqual(500);
      // No 👀, no reply, no permission lookup: the delivery failed before anything was done.
      expect(github.writes()).toEqual([]);
      expect(github.reactions).toEqual([]);
    } finally {
      await server.close();
      await queues.dispose();
    }
  });

  it("answers 5xx to a pull request event when Redis stopped, and stores nothing half-done", async () => {
    const redis = await startPrivateRedis();
    const queues = new ReviewQueues({ redisUrl: redis.url, prefix: "quorum-stopped" });
    silence(queues);
    const server = await startWebhookServer(queues);
    try {
      await fakeConfigReads(2);
      const body = JSON.stringify(buildPullRequestPayload({ headSha: "6".repeat(40) }));
      expect(await post(server, { event: "pull_request", delivery: "before-stop", body })).toBe(200);

      await redis.stop();
      const recorder = await fakeConfigReads(1);
      const status = await post(server, { event: "pull_request", delivery: "after-stop", body });
      expect(status).toBeGreaterThanOrEqual(500);
      expect(
        recorder.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens")),
      ).toEqual([]);
    } finally {
      await server.close();
      await queues.dispose();
      await redis.stop();
    }
  });
});

/** BullMQ emits connection errors as events; with nobody listening they would crash the test. */
function silence(queues: ReviewQueues): void {
  queues.control.on("error", () => undefined);
  queues.review.on("error", () => undefined);
  queues.flows.on("error", () => undefined);
}

/** A throwaway redis-server this test can stop, so the shared one is never touched. */
async function startPrivateRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await findFreePort();
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => undefined);
    const up = await client
      .connect()
      .then(() => client.ping())
      .then(() => true)
      .catch(() => false);
    client.disconnect();
    if (up) break;
    if (Date.now() > deadline) throw new Error("redis-server did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let stopped: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      });
      return stopped;
    },
  };
}
