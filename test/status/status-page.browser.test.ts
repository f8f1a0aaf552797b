import { generateKeyPairSync } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { pino } from "pino";
import { Probot, Server } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoConfigSchema } from "../../src/config/index.ts";
import { createScriptedPool, type ScriptedPool } from "../../src/pool/index.ts";
import { enqueueFix, type FixJobData } from "../../src/queue/index.ts";
import {
  installStatusRoutes,
  redactRequestCredentials,
  startPoolHeartbeat,
  type PoolHeartbeat,
  type StatusSnapshot,
} from "../../src/status/index.ts";
import { findFreePort } from "../helpers/find-free-port.ts";
import { buildPullRequestPayload, fixtureRepo, installationId } from "../helpers/pull-request-fixture.ts";
import {
  startReviewHarness,
  type FakeRunGitHub,
  type ReviewHarness,
} from "../helpers/start-review-harness.ts";

/** Debian's browser; CI installs it (.ci/run) when it is missing. */
const chromiumPath = "/usr/bin/chromium";
const screenshotPath = path.resolve("test-artifacts/status-page.png");
const token = "status-page-test-token-0123456789";
const basic = { user: "ops", password: "correct horse battery staple" };
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
/** What Probot's server logs about each request (URL, headers), as `quorum serve` would. */
const requestLog: string[] = [];
const prUrl = `https://github.com/${fixtureRepo.owner}/${fixtureRepo.repo}/pull/2`;
const hostileTitle = "Crash when <script>alert(1)</script> the cart is empty";

const noFindings = JSON.stringify({ findings: [] });

/** Probot's real HTTP server, as `quorum serve` builds it (its Probot needs app credentials). */
function createProbotServer(port: number): Server {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return new Server({
    Probot: Probot.defaults({ appId: 123, privateKey, secret: "test-secret", log: logger }),
    port,
    host: "127.0.0.1",
    log: redactRequestCredentials(
      pino({ level: "info" }, { write: (line: string) => requestLog.push(line) }),
    ),
  });
}

function basicHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/** The fill the browser computed for an SVG shape: proves the state's colour was applied. */
function readFill(locator: Locator): Promise<string> {
  return locator.evaluate(
    (element) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { fill: string } }).getComputedStyle(element)
        .fill,
  );
}

async function expectVisible(locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box, "element is laid out").not.toBeNull();
  expect(box!.width).toBeGreaterThan(0);
  expect(box!.height).toBeGreaterThan(0);
}

describe("status page and queue dashboard in a real browser (real Redis, real queue jobs)", () => {
  let harness: ReviewHarness;
  let baseUrl: string;
  let page: Page;
  /** Undone in reverse order, however far the set-up got. */
  const disposers: (() => Promise<unknown>)[] = [];
  let releaseReviews: () => void = () => undefined;
  let holdReviews = false;
  const runs: FakeRunGitHub[] = [];
  const firstHead = "d".repeat(40);
  const secondHead = "e".repeat(40);

  async function fetchStatus(headers: Record<string, string> = {}, pathname = "/quorum/status.json") {
    return fetch(`${baseUrl}${pathname}`, { headers, redirect: "manual" });
  }

  async function readSnapshot(): Promise<StatusSnapshot> {
    const response = await fetchStatus({ authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    return (await response.json()) as StatusSnapshot;
  }

  async function waitFor(what: string, check: (snapshot: StatusSnapshot) => boolean): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (check(await readSnapshot())) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the status never showed ${what}`);
  }

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `${chromiumPath} is missing: install Debian's browser with \`apt-get install -y chromium\``,
      );
    }
    const gate = new Promise<void>((resolve) => {
      releaseReviews = resolve;
    });
    const pool: ScriptedPool = createScriptedPool(async () => {
      // The second run's reviews stay busy until the page has been looked at.
      if (holdReviews) await gate;
      return noFindings;
    });
    disposers.push(() => pool.dispose());
    harness = await startReviewHarness({ pool, demo: false });
    disposers.push(() => harness.dispose());
    // The harness blocks the network for GitHub; the page and the dashboard are local.
    nock.enableNetConnect(/^127\.0\.0\.1/);
    const heartbeat: PoolHeartbeat = await startPoolHeartbeat({
      redisUrl: harness.queues.settings.redisUrl,
      prefix: harness.queues.settings.prefix,
      name: "status-test-worker",
      roles: ["web", "control", "models"],
      pool,
      logger,
      intervalMs: 200,
    });
    disposers.push(() => heartbeat.dispose());
    const port = await findFreePort();
    const server: Server = createProbotServer(port);
    installStatusRoutes(server, {
      access: { token, basic },
      queues: harness.queues,
      githubUrl: "https://github.com",
      logger,
    });
    await server.start();
    disposers.push(() => server.stop());
    baseUrl = `http://127.0.0.1:${port}`;
    const userDataDir = await mkdtemp(path.join(tmpdir(), "quorum-chromium-"));
    disposers.push(() => rm(userDataDir, { recursive: true, force: true }));
    const browser: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    disposers.push(() => browser.close());
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 120_000);

  afterAll(async () => {
    releaseReviews();
    for (const dispose of disposers.reverse()) await dispose();
  });

  it("shows the pool, a finished and a running run with DAG and timeline, and a queued fix", async () => {
    // A finished review run.
    const first = await harness.fakeGitHubForRun();
    first.expectReview();
    runs.push(first);
    await harness.deliver("status-1", buildPullRequestPayload({ headSha: firstHead }));
    expect(await harness.waitForRun(firstHead)).toBe("completed");

    // A second run whose reviews are held mid-way, and a fix request no worker here takes.
    holdReviews = true;
    const second = await harness.fakeGitHubForRun();
    second.expectReview();
    runs.push(second);
    await harness.deliver("status-2", buildPullRequestPayload({ headSha: secondHead, action: "reopened" }));
    const fix: FixJobData = {
      deliveryId: "status-fix-1",
      owner: fixtureRepo.owner,
      repo: fixtureRepo.repo,
      installationId,
      cloneUrl: `https://github.com/${fixtureRepo.owner}/${fixtureRepo.repo}.git`,
      defaultBranch: "main",
      issue: { number: 7, title: hostileTitle, body: "steps" },
      requestedBy: "octocat",
      config: repoConfigSchema.parse({}),
    };
    await enqueueFix(harness.queues, fix);
    await waitFor("a busy instance and an active review", (snapshot) => {
      const busy = snapshot.workers[0]?.pool.members[0]?.busy ?? 0;
      const running = snapshot.runs.find((run) => run.headSha === secondHead);
      return busy > 0 && running?.tasks.some((t) => t.kind === "review" && t.state === "active") === true;
    });

    // `?token=` once: the browser gets a cookie and an address without the token.
    const response = await page.goto(`${baseUrl}/quorum/status?token=${token}&refresh=0`);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(`${baseUrl}/quorum/status?refresh=0`);
    expect(await page.title()).toBe("Quorum status");

    // The pool table: the worker, its model and its busy instances.
    const worker = page.locator('section.worker[data-worker="status-test-worker"]');
    await expectVisible(worker);
    const model = worker.locator('table.pool tr[data-model="scripted"]');
    await expectVisible(model);
    expect(Number(await model.getAttribute("data-busy"))).toBeGreaterThan(0);
    expect(await model.locator(".slot.busy").count()).toBeGreaterThan(0);
    expect(await model.locator("td.tokens-per-second").textContent()).toMatch(/^\d+\.\d$/);

    // The finished run: a row linking to the pull request, every node of its DAG done.
    const done = page
      .locator('details.run[data-status="done"]')
      .filter({ has: page.locator(`a.subject[href="${prUrl}"]`) });
    await expect(done.count()).resolves.toBe(1);
    await expectVisible(done.locator("a.subject"));
    const doneNodes = done.locator("svg.dag g.node");
    expect(await doneNodes.count()).toBeGreaterThanOrEqual(4);
    expect(await done.locator("svg.dag g.node.state-done").count()).toBe(await doneNodes.count());
    expect(await readFill(done.locator('svg.dag g.node[data-task="publish"] rect'))).toBe(
      "rgb(212, 244, 221)",
    );
    const doneBars = done.locator(".timeline .bar.state-done");
    expect(await doneBars.count()).toBe(await doneNodes.count());
    await expectVisible(doneBars.first());

    // The running run: plan done, some reviews active (yellow), fuse and publish waiting.
    const running = page.locator('details.run[data-status="running"]');
    await expect(running.count()).resolves.toBe(1);
    await expectVisible(running.locator(`a.subject[href="${prUrl}"]`));
    await expectVisible(running.locator('svg.dag g.node.state-done[data-task="plan"]'));
    const active = running.locator("svg.dag g.node.state-active");
    expect(await active.count()).toBeGreaterThan(0);
    expect(await readFill(active.first().locator("rect"))).toBe("rgb(255, 243, 196)");
    await expectVisible(running.locator('svg.dag g.node.state-waiting[data-task="fuse"]'));
    await expectVisible(running.locator('svg.dag g.node.state-waiting[data-task="publish"]'));
    await expectVisible(running.locator(".timeline .bar.state-active").first());

    // The queued fix links to its issue; its hostile title is text, not markup.
    const queued = page.locator('details.run[data-status="queued"]');
    await expectVisible(
      queued.locator(
        `a.subject[href="https://github.com/${fixtureRepo.owner}/${fixtureRepo.repo}/issues/7"]`,
      ),
    );
    expect(await queued.locator(".title").textContent()).toBe(hostileTitle);
    expect(await page.locator("script").count()).toBe(0);

    await mkdir(path.dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    const png = await readFile(screenshotPath);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR: the full page at the viewport's width.
    expect(png.readUInt32BE(16)).toBe(1400);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(900);

    // Released, the held run finishes, and the page says so.
    holdReviews = false;
    releaseReviews();
    expect(await harness.waitForRun(secondHead)).toBe("completed");
    await page.reload();
    await expect(page.locator('details.run[data-status="done"]').count()).resolves.toBe(2);
    for (const run of runs) run.recorder.assertNoViolations();
  });

  it("refuses the page, its JSON and the dashboard without credentials, and accepts each way in", async () => {
    const anonymous = await fetchStatus({}, "/quorum/status");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic /);
    expect((await fetchStatus({ authorization: "Bearer not-the-token" })).status).toBe(401);
    expect((await fetchStatus({}, `/quorum/status?token=not-the-token`)).status).toBe(401);
    expect((await fetchStatus({ authorization: basicHeader(basic.user, "wrong") })).status).toBe(401);
    expect((await fetchStatus({}, "/quorum/queues/")).status).toBe(401);
    expect((await fetchStatus({}, "/quorum/queues/api/queues")).status).toBe(401);

    const viaBasic = await fetchStatus(
      { authorization: basicHeader(basic.user, basic.password) },
      "/quorum/status",
    );
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await viaBasic.text()).toContain("<title>Quorum status</title>");
    const viaToken = await fetchStatus({}, `/quorum/status?token=${token}`);
    expect(viaToken.status).toBe(303);
    expect(viaToken.headers.get("location")).toBe("/quorum/status");
    expect(viaToken.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Lax/);
    const cookie = viaToken.headers.get("set-cookie")!.split(";")[0]!;
    expect((await fetchStatus({ cookie })).status).toBe(200);
    expect((await fetchStatus({ cookie: "quorum_status=forged" })).status).toBe(401);
  });

  it("serves the queue dashboard under the same login, and refuses cross-site writes", async () => {
    const html = await fetchStatus(
      { authorization: basicHeader(basic.user, basic.password) },
      "/quorum/queues/",
    );
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toMatch(/text\/html/);
    const body = await html.text();
    expect(body).toContain("<title>Quorum queues</title>");
    expect(body).toContain('href="/quorum/queues/');

    const api = await fetchStatus({ authorization: `Bearer ${token}` }, "/quorum/queues/api/queues");
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(queues.map((q) => q.name).sort()).toEqual(["quorum-control", "quorum-fix", "quorum-review"]);
    // Read-only unless the operator allows actions: even a logged-in request cannot pause a queue.
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
    const pause = await fetch(`${baseUrl}/quorum/queues/api/queues/quorum-fix/pause`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, origin: baseUrl },
    });
    expect(pause.status).toBe(405);
    expect(await harness.queues.fix.isPaused()).toBe(false);

    const forged = await fetch(`${baseUrl}/quorum/queues/api/queues/quorum-fix/pause`, {
      method: "PUT",
      headers: { authorization: basicHeader(basic.user, basic.password), origin: "https://evil.example" },
    });
    expect(forged.status).toBe(403);
    expect(await harness.queues.fix.isPaused()).toBe(false);

    // The browser (holding the cookie from the first test) renders the board from its own assets.
    const response = await page.goto(`${baseUrl}/quorum/queues/`);
    expect(response?.status()).toBe(200);
    await page.getByText("quorum-control").first().waitFor({ timeout: 30_000 });
  });

  it("keeps tokens, passwords and cookies out of the request log", () => {
    const log = requestLog.join("");
    expect(log).toContain("GET /quorum/status?token=redacted");
    expect(log).toContain('"url":"/quorum/queues/api/queues"');
    expect(log).not.toContain(token);
    expect(log).not.toContain(Buffer.from(`${basic.user}:${basic.password}`).toString("base64"));
    expect(log).not.toMatch(/quorum_status=[0-9a-f]/);
  });
});
