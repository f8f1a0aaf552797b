import { describe, expect, it } from "vitest";
import type { MemberMetrics } from "../../src/pool/index.ts";
import {
  renderStatusPage,
  type PoolState,
  type RunView,
  type StatusSnapshot,
  type TaskView,
} from "../../src/status/index.ts";

const hostile = `"><img src=x onerror=alert(1)><script>alert(2)</script>`;
const now = 1_700_000_010_000;
const options = { refreshSeconds: 10, queuesUrl: "/quorum/queues/" };

function member(overrides: Partial<MemberMetrics> = {}): MemberMetrics {
  return {
    name: "qwen-coder",
    backend: "llama",
    roles: ["review", "fix"],
    weight: 1,
    instances: 4,
    busy: 3,
    queued: 2,
    contextSize: 8192,
    calls: 1234,
    failures: 1,
    fallbacks: 0,
    promptTokens: 1000,
    reusedPromptTokens: 250,
    evaluatedPromptTokens: 750,
    generatedTokens: 500,
    activeSeconds: 20,
    tokensPerSecond: 25,
    busyInstanceSeconds: 60,
    utilisation: 0.5,
    reusedPromptRatio: 0.25,
    queueWait: { count: 0, sumSeconds: 0, maxSeconds: 0, bucketCounts: [] },
    plannedMemoryBytes: 6 * 1024 ** 3,
    ...overrides,
  };
}

function worker(overrides: Partial<PoolState> = {}): PoolState {
  return {
    name: "gpu-box-1",
    host: "gpu-box",
    pid: 42,
    roles: ["models"],
    startedAt: now - 60_000,
    updatedAt: now - 2_000,
    pool: {
      uptimeSeconds: 60,
      residentMemoryBytes: 2 * 1024 ** 3,
      freeMemoryBytes: 8 * 1024 ** 3,
      members: [member()],
    },
    ...overrides,
  };
}

function task(overrides: Partial<TaskView> & Pick<TaskView, "id" | "kind">): TaskView {
  return { state: "done", jobState: "completed", attempts: 1, queuedAt: now - 10_000, ...overrides };
}

function run(overrides: Partial<RunView> = {}): RunView {
  return {
    id: "run-1",
    kind: "review",
    owner: "acme",
    repo: "shop",
    number: 12,
    url: "https://github.com/acme/shop/pull/12",
    trigger: "opened",
    headSha: "a".repeat(40),
    status: "done",
    startedAt: now - 10_000,
    finishedAt: now,
    tasks: [
      task({ id: "plan", kind: "plan", startedAt: now - 10_000, finishedAt: now - 8_000 }),
      task({
        id: "review:c1:r1",
        kind: "review",
        chunkId: "c1",
        startedAt: now - 5_000,
        finishedAt: now - 2_500,
      }),
      task({ id: "fuse", kind: "fuse", startedAt: now - 2_000, finishedAt: now - 1_000 }),
      task({ id: "publish", kind: "publish", startedAt: now - 1_000, finishedAt: now }),
    ],
    ...overrides,
  };
}

function snapshot(overrides: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return { generatedAt: now, prefix: "quorum", workers: [worker()], runs: [run()], ...overrides };
}

describe("renderStatusPage", () => {
  it("escapes every text that comes from GitHub, the queue or another machine", () => {
    const html = renderStatusPage(
      snapshot({
        workers: [
          worker({
            name: hostile,
            host: hostile,
            pool: { ...worker().pool, members: [member({ name: hostile })] },
          }),
        ],
        runs: [
          run({
            owner: hostile,
            title: hostile,
            trigger: hostile,
            detail: hostile,
            url: `https://github.com/"onmouseover="alert(3)`,
            tasks: [
              task({ id: hostile, kind: "review", state: "failed", failedReason: hostile, worker: hostile }),
            ],
          }),
        ],
        prefix: hostile,
      }),
      options,
    );
    expect(html).not.toMatch(/<img|<script|"onmouseover=|"><img/i);
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
  });

  it("shows each worker's models, busy and idle instances, throughput and memory", () => {
    const html = renderStatusPage(
      snapshot({
        workers: [
          worker(),
          worker({
            name: "remote-1",
            pool: {
              ...worker().pool,
              members: [
                member({
                  name: "api",
                  backend: "remote",
                  contextSize: Number.POSITIVE_INFINITY,
                  plannedMemoryBytes: 0,
                  busy: 0,
                }),
              ],
            },
          }),
        ],
      }),
      options,
    );
    const row = /<tr data-model="qwen-coder"[^]*?<\/tr>/.exec(html)?.[0] ?? "";
    expect(row.match(/class="slot busy"/g)).toHaveLength(3);
    expect(row.match(/class="slot idle"/g)).toHaveLength(1);
    expect(row).toContain("3 busy · 1 idle");
    expect(row).toContain(">25.0<");
    expect(row).toContain("6.0 GiB");
    expect(row).toContain("1,234 (1 failed)");
    expect(row).toContain("8,192");
    const remote = /<tr data-model="api"[^]*?<\/tr>/.exec(html)?.[0] ?? "";
    expect(remote).toContain("0 busy · 4 idle");
    expect(remote.match(/<td class="num">—<\/td>/g)).toHaveLength(2);
    expect(html).toContain("Pool <small>(2 workers)</small>");
    expect(renderStatusPage(snapshot({ workers: [] }), options)).toContain(
      "No live worker with a model pool",
    );
  });

  it("draws the DAG with a node per sub-task, classed by state, and edges plan → review → fuse → publish", () => {
    const html = renderStatusPage(
      snapshot({
        runs: [
          run({
            status: "running",
            finishedAt: undefined,
            tasks: [
              task({ id: "plan", kind: "plan" }),
              task({
                id: "review:c1:r1",
                kind: "review",
                chunkId: "c1",
                state: "active",
                jobState: "active",
                startedAt: now - 1_000,
              }),
              task({
                id: "review:c2:r1",
                kind: "review",
                chunkId: "c2",
                state: "removed",
                jobState: "removed",
                queuedAt: undefined,
              }),
              task({ id: "fuse", kind: "fuse", state: "waiting", jobState: "waiting-children" }),
              task({ id: "publish", kind: "publish", state: "waiting", jobState: "waiting-children" }),
            ],
          }),
        ],
      }),
      options,
    );
    const nodes = [...html.matchAll(/<g class="node state-(\w+)" data-task="([^"]+)"/g)].map(
      ([, state, id]) => `${id}=${state}`,
    );
    expect(nodes).toEqual([
      "plan=done",
      "review:c1:r1=active",
      "review:c2:r1=removed",
      "fuse=waiting",
      "publish=waiting",
    ]);
    // plan → 2 reviews, 2 reviews → fuse, fuse → publish.
    expect(html.match(/<path class="edge"/g)).toHaveLength(5);
    expect(html).toContain('<details class="run" data-run-id="run-1" data-status="running" open>');
  });

  it("draws one node per chunk when a run has too many review sub-tasks to read", () => {
    const reviews = Array.from({ length: 30 }, (_, i) =>
      task({
        id: `review:c${Math.floor(i / 3) + 1}:r${(i % 3) + 1}`,
        kind: "review",
        chunkId: `c${Math.floor(i / 3) + 1}`,
        ...(i === 0
          ? { state: "active", jobState: "active" }
          : i === 4
            ? { state: "failed", jobState: "failed" }
            : {}),
      }),
    );
    const html = renderStatusPage(
      snapshot({ runs: [run({ tasks: [task({ id: "plan", kind: "plan" }), ...reviews] })] }),
      options,
    );
    const chunks = [...html.matchAll(/<g class="node state-(\w+)" data-task="chunk:(c\d+)"/g)].map(
      ([, state, id]) => `${id}=${state}`,
    );
    expect(chunks).toHaveLength(10);
    expect(chunks.slice(0, 3)).toEqual(["c1=active", "c2=failed", "c3=done"]);
    expect(html).toContain("c3 · 3/3 done");
  });

  it("places each sub-task's wait and work on the run's time axis", () => {
    const html = renderStatusPage(snapshot(), options);
    const row = /<div class="tl-row" data-task="review:c1:r1"[^]*?<\/div>/.exec(html)?.[0] ?? "";
    // Queued at 0 s, started at 5 s, finished at 7.5 s of a 10 s run.
    expect(row).toContain('<span class="wait" style="left:0.00%;width:50.00%"');
    expect(row).toContain('<span class="bar state-done" style="left:50.00%;width:25.00%"');
    expect(row).toContain('<span class="tl-time">2.5 s</span>');
    expect(html).toContain('<div class="tl-axis"><span>0</span><span>10.0 s</span></div>');
  });

  it("reloads itself unless told not to, and links the queue dashboard", () => {
    expect(renderStatusPage(snapshot(), options)).toContain('<meta http-equiv="refresh" content="10">');
    expect(renderStatusPage(snapshot(), { ...options, refreshSeconds: 0 })).not.toContain("http-equiv");
    expect(renderStatusPage(snapshot(), options)).toContain('<a href="/quorum/queues/">queue dashboard</a>');
  });
});
