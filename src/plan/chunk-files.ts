import type { ChangedFile, ReviewChunk } from "../domain/index.ts";

/** A file ready for review, with its (possibly clipped) patch already in place and its cost. */
export interface CostedFile {
  readonly file: ChangedFile;
  readonly tokens: number;
}

/**
 * Greedy bin fill in the given order: a file joins the current chunk while the chunk stays within
 * `budget`, otherwise it starts the next one. Order is kept so related files (same folder, as
 * GitHub lists them) tend to share a chunk and the reviewer sees them together. Chunk ids are
 * `c1`, `c2`, … in order. A file costing more than the budget still gets a chunk of its own;
 * the planner clips files first so that does not happen.
 */
export function chunkFiles(files: readonly CostedFile[], budget: number): ReviewChunk[] {
  const chunks: ReviewChunk[] = [];
  let current: ChangedFile[] = [];
  let currentTokens = 0;
  const close = (): void => {
    if (current.length === 0) return;
    chunks.push({ id: `c${chunks.length + 1}`, files: current, estimatedTokens: currentTokens });
    current = [];
    currentTokens = 0;
  };
  for (const { file, tokens } of files) {
    if (currentTokens + tokens > budget) close();
    current.push(file);
    currentTokens += tokens;
  }
  close();
  return chunks;
}
