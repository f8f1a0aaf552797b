import { open } from "node:fs/promises";
import { ModelLoadError } from "./pool-errors.ts";

const ggufMagic = "GGUF";
const lfsPointerStart = "version https://git-lfs";
const pullHint =
  'Download a GGUF model (for example `npx node-llama-cpp pull --dir models <url of a .gguf file>`) and point "file" in the pool file at it.';

/**
 * Checks the file before llama.cpp sees it: llama.cpp's own errors for a missing or wrong file are
 * terse native messages, and a Git LFS pointer checked out instead of the model is a common mistake.
 */
export async function assertGgufFile(file: string, model: string): Promise<void> {
  let head: Buffer;
  try {
    const handle = await open(file, "r");
    try {
      const buffer = Buffer.alloc(lfsPointerStart.length);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new ModelLoadError(`model "${model}": cannot read ${file}. ${pullHint}`, {
      file,
      model,
      cause: error,
    });
  }

  if (head.subarray(0, ggufMagic.length).toString("latin1") === ggufMagic) return;
  const looksLikeLfsPointer = head.toString("latin1") === lfsPointerStart;
  const advice = looksLikeLfsPointer
    ? "It is a Git LFS pointer, not the model: run `git lfs pull` in that repository."
    : pullHint;
  throw new ModelLoadError(
    `model "${model}": ${file} is not a GGUF file (it does not start with "GGUF"). ${advice}`,
    {
      file,
      model,
    },
  );
}
