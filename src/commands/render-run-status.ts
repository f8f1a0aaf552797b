import type { RunDescription, RunTask } from "./describe-run.ts";

/** Rows shown in the table before the rest is summarised, so a huge run still fits a comment. */
const maxRows = 40;

/** The `status` reply: where the run is, a table of its sub-tasks, and its DAG as a Mermaid graph. */
export function renderRunStatus(run: RunDescription | undefined, headSha: string): string {
  const head = `\`${headSha.slice(0, 12)}\``;
  if (run === undefined) {
    return `Quorum has no run for the current head ${head}. Comment \`review\` with the command prefix to start one.`;
  }
  const all = [...(run.plan === undefined ? [] : [run.plan]), ...run.tasks];
  const done = all.filter((t) => t.state === "completed").length;
  const rows = all.slice(0, maxRows).map(renderRow);
  const hidden = all.length - rows.length;
  return [
    `**Quorum run for ${head}**: ${summarise(run)} (${done}/${all.length} sub-tasks done)`,
    "",
    "| sub-task | state | attempts |",
    "|---|---|---|",
    ...rows,
    ...(hidden > 0 ? [`| … ${hidden} more | | |`] : []),
    "",
    "```mermaid",
    renderMermaid(run),
    "```",
  ].join("\n");
}

function summarise(run: RunDescription): string {
  const publish = run.tasks.find((t) => t.kind === "publish");
  if (publish === undefined) {
    const plan = run.plan?.state ?? "unknown";
    return plan === "failed" ? "planning failed" : plan === "completed" ? "planned" : "planning";
  }
  if (publish.state === "completed") return "finished";
  if (publish.state === "failed") return "failed";
  if (publish.state === "removed") return "cancelled";
  if (run.tasks.some((t) => t.state === "active")) return "running";
  return "queued";
}

function label(task: RunTask): string {
  if (task.kind !== "review") return task.kind;
  // `review:c1:r2` → `review c1 · r2`
  const [, chunk, reviewer] = task.id.split(":");
  return `review ${chunk ?? "?"} · ${reviewer ?? "?"}`;
}

function renderRow(task: RunTask): string {
  const reason = task.failedReason === undefined ? "" : ` — ${oneLine(task.failedReason)}`;
  return `| ${label(task)} | ${task.state}${reason} | ${task.attempts} |`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").replaceAll("|", "\\|").trim();
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
}

const stateClasses = ["completed", "active", "failed", "waiting", "removed"] as const;

/** Review tasks are grouped per chunk, so the graph stays readable for large runs. */
function renderMermaid(run: RunDescription): string {
  const lines = ["flowchart LR"];
  const classOf = new Map<string, string>();
  const node = (id: string, text: string, state: string): void => {
    lines.push(`  ${id}["${text.replaceAll('"', "'")}"]`);
    classOf.set(id, toClass(state));
  };
  if (run.plan !== undefined) node("plan", `plan: ${run.plan.state}`, run.plan.state);
  const chunks = new Map<string, RunTask[]>();
  for (const task of run.tasks.filter((t) => t.kind === "review")) {
    const key = task.chunkId ?? "?";
    chunks.set(key, [...(chunks.get(key) ?? []), task]);
  }
  const fuse = run.tasks.find((t) => t.kind === "fuse");
  const publish = run.tasks.find((t) => t.kind === "publish");
  [...chunks.entries()].forEach(([chunkId, tasks], index) => {
    const id = `chunk${index + 1}`;
    const completed = tasks.filter((t) => t.state === "completed").length;
    node(id, `review ${chunkId}: ${completed}/${tasks.length} done`, groupState(tasks));
    if (run.plan !== undefined) lines.push(`  plan --> ${id}`);
    if (fuse !== undefined) lines.push(`  ${id} --> fuse`);
  });
  if (fuse !== undefined) {
    node("fuse", `fuse: ${fuse.state}`, fuse.state);
    if (chunks.size === 0 && run.plan !== undefined) lines.push("  plan --> fuse");
  }
  if (publish !== undefined) {
    node("publish", `publish: ${publish.state}`, publish.state);
    if (fuse !== undefined) lines.push("  fuse --> publish");
  }
  lines.push(
    "  classDef completed fill:#d3f9d8,stroke:#2b8a3e",
    "  classDef active fill:#fff3bf,stroke:#e67700",
    "  classDef failed fill:#ffe3e3,stroke:#c92a2a",
    "  classDef waiting fill:#f1f3f5,stroke:#868e96",
    "  classDef removed fill:#f8f9fa,stroke:#adb5bd,stroke-dasharray:4",
  );
  for (const state of stateClasses) {
    const ids = [...classOf.entries()].filter(([, c]) => c === state).map(([id]) => id);
    if (ids.length > 0) lines.push(`  class ${ids.join(",")} ${state}`);
  }
  return lines.join("\n");
}

function toClass(state: string): (typeof stateClasses)[number] {
  if (state === "completed" || state === "active" || state === "failed" || state === "removed") return state;
  return "waiting";
}

function groupState(tasks: readonly RunTask[]): string {
  if (tasks.some((t) => t.state === "active")) return "active";
  if (tasks.every((t) => t.state === "completed")) return "completed";
  if (tasks.some((t) => t.state === "failed")) return "failed";
  if (tasks.every((t) => t.state === "removed")) return "removed";
  return "waiting";
}
