export type { DiffLine, Hunk } from "./hunk.ts";
export { DiffParseError } from "./diff-parse-error.ts";
export { parsePatch } from "./parse-patch.ts";
export { buildDiffLineMap } from "./build-diff-line-map.ts";
export type { DiffLineMap } from "./build-diff-line-map.ts";
export { parseUnifiedDiff } from "./parse-unified-diff.ts";
export { formatNumberedPatch } from "./format-numbered-patch.ts";
