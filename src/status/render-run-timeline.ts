import { formatDuration } from "../report/index.ts";
import { escapeHtml } from "./escape-html.ts";
import { labelTask } from "./label-task.ts";
import type { RunView, TaskView } from "./run-view.ts";

/** Rows drawn before the rest is summarised, so a huge run keeps the page short. */
const maxRows = 40;

interface Span {
  readonly start: number;
  readonly length: number;
}

function percent(value: number): string {
  return `${Math.min(100, Math.max(0, value)).toFixed(2)}%`;
}

function renderSegment(className: string, from: number, to: number, run: Span, title: string): string {
  const left = ((from - run.start) / run.length) * 100;
  // A bar too short to see still shows that something happened.
  const width = Math.max(0.6, ((to - from) / run.length) * 100);
  return `<span class="${className}" style="left:${percent(left)};width:${percent(Math.min(width, 100 - left))}" title="${escapeHtml(title)}"></span>`;
}

function renderRow(task: TaskView, run: Span, now: number): string {
  const queued = task.queuedAt ?? run.start;
  const started = task.startedAt;
  const ended = task.finishedAt ?? (task.state === "active" || task.state === "waiting" ? now : undefined);
  const segments: string[] = [];
  const waitEnd = started ?? ended;
  if (waitEnd !== undefined && waitEnd > queued) {
    segments.push(renderSegment("wait", queued, waitEnd, run, `queued ${formatDuration(waitEnd - queued)}`));
  }
  if (started !== undefined && ended !== undefined) {
    segments.push(
      renderSegment(
        `bar state-${task.state}`,
        started,
        ended,
        run,
        `${task.jobState} ${formatDuration(ended - started)}${task.worker === undefined ? "" : ` on ${task.worker}`}`,
      ),
    );
  }
  const took = started !== undefined && ended !== undefined ? formatDuration(ended - started) : task.state;
  return [
    `<div class="tl-row" data-task="${escapeHtml(task.id)}" data-state="${task.state}">`,
    `<span class="tl-label">${escapeHtml(labelTask(task))}</span>`,
    `<span class="tl-track">${segments.join("")}</span>`,
    `<span class="tl-time">${escapeHtml(took)}</span>`,
    "</div>",
  ].join("");
}

/**
 * When each sub-task waited (light) and ran (coloured by state), on one time axis from the run's
 * first job to its end (or now), as plain HTML bars.
 */
export function renderRunTimeline(
  run: Pick<RunView, "id" | "tasks" | "startedAt" | "finishedAt">,
  now: number,
): string {
  const end = run.finishedAt ?? now;
  const span: Span = { start: run.startedAt, length: Math.max(1, end - run.startedAt) };
  const rows = run.tasks.slice(0, maxRows).map((task) => renderRow(task, span, now));
  const hidden = run.tasks.length - rows.length;
  return [
    `<div class="timeline" data-run="${escapeHtml(run.id)}">`,
    ...rows,
    ...(hidden > 0 ? [`<div class="tl-more">… ${hidden} more sub-tasks</div>`] : []),
    `<div class="tl-axis"><span>0</span><span>${escapeHtml(formatDuration(end - run.startedAt))}</span></div>`,
    "</div>",
  ].join("");
}
