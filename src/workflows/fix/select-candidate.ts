/** A verified patch, as selection sees it. */
export interface SelectableCandidate {
  readonly id: number;
  /** Sum of the weights of the agents that proposed it (or an equivalent patch). */
  readonly support: number;
  readonly changedLines: number;
}

/**
 * Picks among verified candidates: the one most agents agree on (by vote weight), then the
 * smallest diff, then the earliest. Pure; undefined when there is nothing to pick.
 */
export function selectCandidate<T extends SelectableCandidate>(candidates: readonly T[]): T | undefined {
  return [...candidates].sort(
    (a, b) => b.support - a.support || a.changedLines - b.changedLines || a.id - b.id,
  )[0];
}

/**
 * A key under which equivalent patches meet: the files they produce, compared without trailing
 * whitespace on lines and without differences in blank lines, so two agents that wrote the same
 * fix with different formatting count as agreeing.
 */
export function patchEquivalenceKey(
  files: readonly { readonly path: string; readonly after: string }[],
): string {
  return [...files]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((file) => `${file.path}\0${normalise(file.after)}`)
    .join("\0\0");
}

function normalise(text: string): string {
  return text
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line !== "")
    .join("\n");
}
