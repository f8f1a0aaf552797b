import { escapeHtml } from "./escape-html.ts";
import { labelTask } from "./label-task.ts";
import type { NodeState, RunView, TaskView } from "./run-view.ts";

/** Beyond this many review sub-tasks, each chunk is drawn as one node. */
const maxReviewNodes = 24;
const nodeWidth = 132;
const nodeHeight = 26;
const rowGap = 6;
const chunkGap = 10;
const columnGap = 44;
const margin = 6;
const maxLabelLength = 18;

interface DagNode {
  readonly id: string;
  readonly label: string;
  readonly state: NodeState;
  readonly tooltip: string;
  readonly x: number;
  readonly y: number;
}

function describeTask(task: TaskView): string {
  const parts = [task.id, task.jobState];
  if (task.attempts > 1) parts.push(`${task.attempts} attempts`);
  if (task.worker !== undefined) parts.push(`on ${task.worker}`);
  if (task.failedReason !== undefined) parts.push(task.failedReason);
  return parts.join(" · ");
}

/** A chunk drawn as one node: busy if any is, done when all are, failed if any failed. */
function groupState(tasks: readonly TaskView[]): NodeState {
  if (tasks.some((t) => t.state === "active")) return "active";
  if (tasks.every((t) => t.state === "done")) return "done";
  if (tasks.some((t) => t.state === "failed")) return "failed";
  if (tasks.every((t) => t.state === "removed")) return "removed";
  return "waiting";
}

/** The review column: one node per sub-task, or per chunk when there are too many to read. */
function layoutReviews(reviews: readonly TaskView[], x: number): { nodes: DagNode[]; height: number } {
  const chunks = new Map<string, TaskView[]>();
  for (const task of reviews)
    chunks.set(task.chunkId ?? "?", [...(chunks.get(task.chunkId ?? "?") ?? []), task]);
  const grouped = reviews.length > maxReviewNodes;
  const nodes: DagNode[] = [];
  let y = margin;
  for (const [chunkId, tasks] of chunks) {
    const members = grouped
      ? [
          {
            id: `chunk:${chunkId}`,
            label: `${chunkId} · ${tasks.filter((t) => t.state === "done").length}/${tasks.length} done`,
            state: groupState(tasks),
            tooltip: `chunk ${chunkId}: ${tasks.map((t) => `${t.id} ${t.jobState}`).join(", ")}`,
          },
        ]
      : tasks.map((t) => ({ id: t.id, label: labelTask(t), state: t.state, tooltip: describeTask(t) }));
    for (const member of members) {
      nodes.push({ ...member, x, y });
      y += nodeHeight + rowGap;
    }
    y += chunkGap - rowGap;
  }
  return { nodes, height: Math.max(nodeHeight, y - chunkGap) + margin };
}

function renderNode(node: DagNode): string {
  const label =
    node.label.length > maxLabelLength ? `${node.label.slice(0, maxLabelLength - 1)}…` : node.label;
  return [
    `<g class="node state-${node.state}" data-task="${escapeHtml(node.id)}" data-state="${node.state}">`,
    `<title>${escapeHtml(node.tooltip)}</title>`,
    `<rect x="${node.x}" y="${node.y}" width="${nodeWidth}" height="${nodeHeight}" rx="5"></rect>`,
    `<text x="${node.x + nodeWidth / 2}" y="${node.y + nodeHeight / 2}">${escapeHtml(label)}</text>`,
    "</g>",
  ].join("");
}

function renderEdge(from: DagNode, to: DagNode): string {
  const x1 = from.x + nodeWidth;
  const y1 = from.y + nodeHeight / 2;
  const x2 = to.x;
  const y2 = to.y + nodeHeight / 2;
  const bend = (x2 - x1) / 2;
  return `<path class="edge" d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}"></path>`;
}

/**
 * The run's DAG (plan → reviews by chunk → fuse → publish; one node for a fix or tests job) as
 * inline SVG, nodes classed by state. Server-rendered so the page needs no script and no network.
 */
export function renderRunDag(run: Pick<RunView, "id" | "tasks">): string {
  const step = (kind: TaskView["kind"]): TaskView | undefined => run.tasks.find((t) => t.kind === kind);
  const columnX = (column: number): number => margin + column * (nodeWidth + columnGap);
  const single = (task: TaskView, x: number, y: number): DagNode => ({
    id: task.id,
    label: labelTask(task),
    state: task.state,
    tooltip: describeTask(task),
    x,
    y,
  });
  const plan = step("plan");
  const fuse = step("fuse");
  const publish = step("publish");
  const reviews = run.tasks.filter((t) => t.kind === "review");
  const others = run.tasks.filter((t) => t.kind === "fix" || t.kind === "tests");

  let column = 0;
  const planX = plan === undefined ? undefined : columnX(column++);
  const review = layoutReviews(reviews, columnX(reviews.length > 0 ? column++ : column));
  const height = review.height;
  const middle = (height - nodeHeight) / 2;
  const planNode = plan === undefined || planX === undefined ? undefined : single(plan, planX, middle);
  const fuseNode = fuse === undefined ? undefined : single(fuse, columnX(column++), middle);
  const publishNode = publish === undefined ? undefined : single(publish, columnX(column++), middle);
  const otherNodes = others.map((task) => single(task, columnX(column++), middle));

  const edges: string[] = [];
  const firstAfterPlan = review.nodes.length > 0 ? review.nodes : fuseNode === undefined ? [] : [fuseNode];
  if (planNode !== undefined) for (const to of firstAfterPlan) edges.push(renderEdge(planNode, to));
  if (fuseNode !== undefined) for (const from of review.nodes) edges.push(renderEdge(from, fuseNode));
  if (fuseNode !== undefined && publishNode !== undefined) edges.push(renderEdge(fuseNode, publishNode));

  const nodes = [planNode, ...review.nodes, fuseNode, publishNode, ...otherNodes].filter(
    (n): n is DagNode => n !== undefined,
  );
  const width = columnX(Math.max(column, 1)) - columnGap + margin;
  return [
    `<svg class="dag" data-run="${escapeHtml(run.id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="sub-tasks of the run and their states">`,
    ...edges,
    ...nodes.map(renderNode),
    "</svg>",
  ].join("");
}
