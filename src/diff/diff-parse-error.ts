/** Raised when diff text is structurally broken (e.g. an `@@` line that is not a hunk header). */
export class DiffParseError extends Error {
  override readonly name = "DiffParseError";
  /** 1-based line of the offending input, relative to the text passed to the parser. */
  readonly lineNumber: number;

  constructor(message: string, lineNumber: number, options?: { cause?: unknown }) {
    super(message, options);
    this.lineNumber = lineNumber;
  }
}
