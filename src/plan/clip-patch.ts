/** What is left of a patch after clipping, and how much was kept, for telling the user. */
export interface ClippedPatch {
  readonly patch: string;
  readonly keptLines: number;
  readonly totalLines: number;
}

const hunkHeader = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

/**
 * Keeps the longest beginning of `patch`, cut at a line boundary, for which `cost` stays within
 * `maxTokens`. A hunk cut in the middle gets its header counts rewritten, so the result is still a
 * valid unified diff and line mapping downstream stays right. Never ends on a bare hunk header.
 * Returns undefined when not even the first changed line fits: such a file cannot be reviewed.
 * `cost` must grow with the text, which every sane token estimate does.
 */
export function clipPatch(
  patch: string,
  maxTokens: number,
  cost: (patch: string) => number,
): ClippedPatch | undefined {
  const lines = patch.split("\n");
  if (cost(patch) <= maxTokens) return { patch, keptLines: lines.length, totalLines: lines.length };

  const fits = (count: number): boolean => cost(renderPrefix(lines, count)) <= maxTokens;
  // Binary search for the largest fitting prefix: estimates may be costly (a real tokenizer).
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  let kept = low;
  // Dropping a trailing header re-renders an earlier one, which may cost a character more: re-check.
  while (kept > 0 && (isHunkHeader(lines[kept - 1]) || !fits(kept))) kept--;
  if (!lines.slice(0, kept).some((line) => !isHunkHeader(line))) return undefined;
  return { patch: renderPrefix(lines, kept), keptLines: kept, totalLines: lines.length };
}

function isHunkHeader(line: string | undefined): boolean {
  return line?.startsWith("@@") ?? false;
}

/** The first `count` lines, with the last (possibly cut) hunk's header counting only kept lines. */
function renderPrefix(lines: readonly string[], count: number): string {
  const kept = lines.slice(0, count);
  let headerIndex = -1;
  for (let i = kept.length - 1; i >= 0; i--) {
    if (isHunkHeader(kept[i])) {
      headerIndex = i;
      break;
    }
  }
  const match = headerIndex >= 0 ? hunkHeader.exec(kept[headerIndex] ?? "") : null;
  if (!match) return kept.join("\n");
  let oldCount = 0;
  let newCount = 0;
  for (const line of kept.slice(headerIndex + 1)) {
    if (line.startsWith("\\")) continue; // "\ No newline at end of file" is not a line of either side
    if (!line.startsWith("+")) oldCount++;
    if (!line.startsWith("-")) newCount++;
  }
  kept[headerIndex] =
    `@@ -${match[1] ?? "0"},${oldCount} +${match[2] ?? "0"},${newCount} @@${match[3] ?? ""}`;
  return kept.join("\n");
}
