/** One line of a line diff: kept, removed from the old text, or added in the new one. */
export interface DiffLine {
  readonly kind: " " | "-" | "+";
  readonly text: string;
}

/** Above this many cells (old × new lines of the changed middle) the middle is shown as replaced whole. */
const maxCells = 4_000_000;

/**
 * A line diff of two texts. The common beginning and end are matched first; the changed middle is
 * aligned by longest common subsequence, which is exact for the small, local changes patches make.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const out: DiffLine[] = a.slice(0, start).map((text) => ({ kind: " ", text }));
  out.push(...alignMiddle(a.slice(start, endA), b.slice(start, endB)));
  out.push(...a.slice(endA).map((text): DiffLine => ({ kind: " ", text })));
  return out;
}

/** Lines removed plus lines added: the size of a change, used to prefer the smallest fix. */
export function countChangedLines(before: string, after: string): number {
  return diffLines(before, after).filter((line) => line.kind !== " ").length;
}

/** A unified diff of one file (`git diff` style headers, 3 lines of context). */
export function formatUnifiedDiff(
  path: string,
  before: string | undefined,
  after: string,
  context = 3,
): string {
  const lines = diffLines(before ?? "", after);
  const header = [`--- ${before === undefined ? "/dev/null" : `a/${path}`}`, `+++ b/${path}`];
  const hunks: string[] = [];
  let i = 0;
  while (i < lines.length) {
    while (i < lines.length && lines[i]?.kind === " ") i += 1;
    if (i >= lines.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while the next change is within two contexts.
    for (;;) {
      while (end < lines.length && lines[end]?.kind !== " ") end += 1;
      let next = end;
      while (next < lines.length && lines[next]?.kind === " ") next += 1;
      if (next < lines.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(lines.length, end + context);
    const slice = lines.slice(start, stop);
    const oldStart = lines.slice(0, start).filter((l) => l.kind !== "+").length + 1;
    const newStart = lines.slice(0, start).filter((l) => l.kind !== "-").length + 1;
    const oldCount = slice.filter((l) => l.kind !== "+").length;
    const newCount = slice.filter((l) => l.kind !== "-").length;
    hunks.push(
      `@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@`,
      ...slice.map((l) => `${l.kind}${l.text}`),
    );
    i = stop;
  }
  return [...header, ...hunks].join("\n");
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function alignMiddle(a: readonly string[], b: readonly string[]): DiffLine[] {
  if (a.length * b.length > maxCells) {
    return [
      ...a.map((text): DiffLine => ({ kind: "-", text })),
      ...b.map((text): DiffLine => ({ kind: "+", text })),
    ];
  }
  // lengths[i][j]: LCS length of a[i..] and b[j..], flattened.
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: " ", text: a[i] ?? "" });
      i += 1;
      j += 1;
    } else if ((lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0)) {
      out.push({ kind: "-", text: a[i] ?? "" });
      i += 1;
    } else {
      out.push({ kind: "+", text: b[j] ?? "" });
      j += 1;
    }
  }
  for (; i < a.length; i += 1) out.push({ kind: "-", text: a[i] ?? "" });
  for (; j < b.length; j += 1) out.push({ kind: "+", text: b[j] ?? "" });
  return out;
}
