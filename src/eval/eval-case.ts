import type { ChangedFile } from "../domain/index.ts";

/** One seeded defect, as labelled in `fixtures/eval/<case>/labels.json`. */
export interface LabelledDefect {
  /** Path of the file in the diff. */
  readonly file: string;
  /** New-file line of the defect; an added line of the diff. */
  readonly line: number;
  /** What is wrong, e.g. "off-by-one" (see `defectKinds`). */
  readonly kind: string;
  /** The identifier a reviewer would name when describing it. */
  readonly subject: string;
  readonly description: string;
}

/** One small pull request of the evaluation set: its diff and its known defects (none if clean). */
export interface EvalCase {
  /** The case's folder name. */
  readonly name: string;
  readonly title: string;
  readonly language: string;
  readonly files: readonly ChangedFile[];
  readonly defects: readonly LabelledDefect[];
}
