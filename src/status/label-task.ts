import type { TaskView } from "./run-view.ts";

/** `review:c1:r2` → `c1 · r2`; the other sub-tasks by their kind. */
export function labelTask(task: Pick<TaskView, "id" | "kind">): string {
  if (task.kind !== "review") return task.kind;
  const [, chunk, reviewer] = task.id.split(":");
  return `${chunk ?? "?"} · ${reviewer ?? "?"}`;
}
