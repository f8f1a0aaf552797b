import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { buildDiffLineMap, parseUnifiedDiff } from "../diff/index.ts";
import type { EvalCase } from "./eval-case.ts";

/** The evaluation set shipped with Quorum. */
export const defaultEvalSetDir = path.resolve(import.meta.dirname, "../../fixtures/eval");

const labelsSchema = z
  .object({
    title: z.string().min(1),
    language: z.string().min(1),
    defects: z.array(
      z
        .object({
          file: z.string().min(1),
          line: z.number().int().min(1),
          kind: z.string().min(1),
          subject: z.string().min(1),
          description: z.string().min(1),
        })
        .strict(),
    ),
  })
  .strict();

/** A case folder that is not a valid case: the eval would measure nonsense, so it stops. */
export class EvalSetError extends Error {
  override readonly name = "EvalSetError";
  readonly retryable = false;
}

/**
 * Reads every case folder under `dir` (each holding `pull.diff` and `labels.json`), in name order.
 * Throws an EvalSetError when labels do not parse or a label does not point at an added line of
 * its file: a label the diff cannot show is a broken case, not a missed defect.
 */
export async function loadEvalSet(dir: string = defaultEvalSetDir): Promise<EvalCase[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(names.map((name) => loadEvalCase(path.join(dir, name))));
}

/** Reads one case folder; see {@link loadEvalSet}. */
export async function loadEvalCase(caseDir: string): Promise<EvalCase> {
  const name = path.basename(caseDir);
  const [diff, labelsText] = await Promise.all([
    readFile(path.join(caseDir, "pull.diff"), "utf8"),
    readFile(path.join(caseDir, "labels.json"), "utf8"),
  ]);
  let json: unknown;
  try {
    json = JSON.parse(labelsText);
  } catch (error) {
    throw new EvalSetError(`${name}/labels.json is not JSON`, { cause: error });
  }
  const labels = labelsSchema.safeParse(json);
  if (!labels.success) {
    const issue = labels.error.issues[0];
    throw new EvalSetError(
      `${name}/labels.json: ${issue?.path.join(".") ?? "(root)"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const files = parseUnifiedDiff(diff);
  for (const defect of labels.data.defects) {
    const file = files.find((candidate) => candidate.path === defect.file);
    if (!file || !buildDiffLineMap(file).isAdded(defect.line)) {
      throw new EvalSetError(
        `${name}: defect ${defect.kind} at ${defect.file}:${defect.line} is not an added line of the diff`,
      );
    }
  }
  return { name, ...labels.data, files };
}
