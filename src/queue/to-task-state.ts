/**
 * A BullMQ job state as the run graphs show it (the check run's and the status page's): every
 * state not yet running (waiting, delayed, prioritized, waiting-children) is `waiting`.
 */
export function toTaskState(jobState: string): "waiting" | "active" | "done" | "failed" {
  if (jobState === "completed") return "done";
  if (jobState === "failed") return "failed";
  if (jobState === "active") return "active";
  return "waiting";
}
