export type TaskState = "waiting" | "active" | "done" | "failed";

export interface RunGraphInput {
  /** Review task ids grouped by chunk, e.g. `{ c1: ["review:c1:r1", …] }`. */
  readonly chunks: Readonly<Record<string, readonly string[]>>;
  readonly states: Readonly<Record<string, TaskState>>;
  readonly fuse: TaskState;
  readonly publish: TaskState;
}

const classOf: Record<TaskState, string> = {
  waiting: "waiting",
  active: "active",
  done: "done",
  failed: "failed",
};

function nodeId(taskId: string): string {
  return taskId.replace(/[^a-zA-Z0-9]/g, "_");
}

/** The run's DAG as a Mermaid flowchart (GitHub renders it), nodes coloured by state. */
export function renderRunGraph(input: RunGraphInput): string {
  const lines = ["```mermaid", "flowchart LR"];
  for (const [chunk, tasks] of Object.entries(input.chunks)) {
    lines.push(`  subgraph ${nodeId(chunk)}["chunk ${chunk}"]`);
    for (const task of tasks) {
      const label = task.split(":").at(-1) ?? task;
      lines.push(`    ${nodeId(task)}["${label}"]:::${classOf[input.states[task] ?? "waiting"]}`);
    }
    lines.push("  end");
    for (const task of tasks) lines.push(`  ${nodeId(task)} --> fuse`);
  }
  lines.push(`  fuse["fuse"]:::${classOf[input.fuse]} --> publish["publish"]:::${classOf[input.publish]}`);
  lines.push(
    "  classDef waiting fill:#eee,stroke:#999",
    "  classDef active fill:#fff3c4,stroke:#c90",
    "  classDef done fill:#d4f4dd,stroke:#2a7",
    "  classDef failed fill:#fbd5d5,stroke:#c33",
    "```",
  );
  return lines.join("\n");
}
