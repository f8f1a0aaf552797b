import type { Job, Queue } from "bullmq";

/**
 * Polls `queue` every `pollMs` until job `jobId` has completed or failed, and returns it then (read
 * again: the job the state came from may predate its result). A job not there yet is waited for.
 */
export async function waitForFinishedJob(
  queue: Queue,
  jobId: string,
  options: { readonly timeoutMs: number; readonly pollMs: number },
): Promise<{ state: "completed" | "failed"; job: Job | undefined }> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    const state = await (await queue.getJob(jobId))?.getState();
    if (state === "completed" || state === "failed") return { state, job: await queue.getJob(jobId) };
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
  throw new Error(`job ${jobId} did not finish within ${options.timeoutMs} ms`);
}
