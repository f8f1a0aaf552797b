import type { FusedFinding } from "../domain/index.ts";

/** A review comment on one new-file line that is part of the diff. */
export interface InlineComment {
  readonly path: string;
  readonly line: number;
  /** Always the new file: findings cite new-file lines. */
  readonly side: "RIGHT";
  readonly body: string;
  readonly finding: FusedFinding;
}
