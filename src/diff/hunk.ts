/** One line of a unified diff hunk. Numbers are 1-based; a side's number is absent where the line does not exist on that side. */
export interface DiffLine {
  readonly kind: "add" | "del" | "context";
  /** Line number in the old (LEFT) file: set for `del` and `context`. */
  readonly oldLine?: number | undefined;
  /** Line number in the new (RIGHT) file: set for `add` and `context`. */
  readonly newLine?: number | undefined;
  /** The line's text without its `+`/`-`/space prefix. */
  readonly text: string;
}

/** One `@@ -oldStart,oldLines +newStart,newLines @@ heading` block. */
export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  /** Text after the closing `@@` (git's function-context heading), trimmed; often empty. */
  readonly heading: string;
  readonly lines: readonly DiffLine[];
}
