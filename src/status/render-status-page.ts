import { formatDuration } from "../report/index.ts";
import { escapeHtml } from "./escape-html.ts";
import type { StatusSnapshot } from "./read-status-snapshot.ts";
import { renderPoolTable } from "./render-pool-table.ts";
import { renderRunDag } from "./render-run-dag.ts";
import { renderRunTimeline } from "./render-run-timeline.ts";
import { isFinished, type RunView } from "./run-view.ts";
import { statusPageStyles } from "./status-page-styles.ts";

export interface StatusPageOptions {
  /** Seconds between reloads of the page; 0 for none. */
  readonly refreshSeconds: number;
  /** Where the queue dashboard is. */
  readonly queuesUrl: string;
}

/** Finished runs drawn open; older ones are one line until clicked. */
const openFinishedRuns = 5;

/** UTC, so the page reads the same whatever the server's time zone. */
function formatClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

function renderLink(href: string, text: string, className: string): string {
  return `<a class="${className}" href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

function renderRun(run: RunView, now: number, open: boolean): string {
  const done = run.tasks.filter((t) => t.state === "done").length;
  const meta = [
    escapeHtml(run.trigger),
    ...(run.headSha === undefined ? [] : [`<code>${escapeHtml(run.headSha.slice(0, 12))}</code>`]),
    `<span title="${escapeHtml(new Date(run.startedAt).toISOString())}">started ${formatClock(run.startedAt)}</span>`,
    `${isFinished(run) ? "took" : "for"} ${formatDuration((run.finishedAt ?? now) - run.startedAt)}`,
    `${done}/${run.tasks.length} sub-tasks done`,
  ];
  return [
    `<details class="run" data-run-id="${escapeHtml(run.id)}" data-status="${run.status}"${open ? " open" : ""}>`,
    "<summary>",
    `<span class="badge status-${run.status}">${run.status}</span>`,
    `<span class="kind">${run.kind}</span>`,
    renderLink(run.url, `${run.owner}/${run.repo}#${run.number}`, "subject"),
    ...(run.title === undefined ? [] : [`<span class="title">${escapeHtml(run.title)}</span>`]),
    `<span class="meta">${meta.join(" · ")}</span>`,
    ...(run.checkRunUrl === undefined ? [] : [renderLink(run.checkRunUrl, "check run", "check-run")]),
    "</summary>",
    ...(run.detail === undefined ? [] : [`<p class="detail">${escapeHtml(run.detail)}</p>`]),
    `<div class="run-body">${renderRunDag(run)}${renderRunTimeline(run, now)}</div>`,
    "</details>",
  ].join("");
}

function renderRuns(runs: readonly RunView[], now: number, openCount: number, empty: string): string {
  if (runs.length === 0) return `<p class="empty">${empty}</p>`;
  return runs.map((run, i) => renderRun(run, now, i < openCount)).join("");
}

/** The status page: the pool of every live worker, then running and recent runs with their DAG and timeline. */
export function renderStatusPage(snapshot: StatusSnapshot, options: StatusPageOptions): string {
  const now = snapshot.generatedAt;
  const running = snapshot.runs.filter((run) => !isFinished(run));
  const recent = snapshot.runs.filter(isFinished);
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    ...(options.refreshSeconds > 0
      ? [`<meta http-equiv="refresh" content="${options.refreshSeconds}">`]
      : []),
    "<title>Quorum status</title>",
    `<style>${statusPageStyles}</style>`,
    "</head><body>",
    '<header class="top"><h1>Quorum status</h1>',
    `<a href="${escapeHtml(options.queuesUrl)}">queue dashboard</a>`,
    `<span class="generated">prefix <code>${escapeHtml(snapshot.prefix)}</code> · ${formatClock(now)}</span>`,
    "</header><main>",
    `<h2 id="pool">Pool <small>(${snapshot.workers.length} worker${snapshot.workers.length === 1 ? "" : "s"})</small></h2>`,
    renderPoolTable(snapshot.workers, now),
    `<h2 id="running">Running and queued (${running.length})</h2>`,
    renderRuns(running, now, running.length, "Nothing is running."),
    `<h2 id="recent">Recent (${recent.length})</h2>`,
    renderRuns(recent, now, openFinishedRuns, "No run finished in the last day."),
    "</main></body></html>",
  ].join("\n");
}
