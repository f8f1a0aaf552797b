/**
 * How alike two messages must be, by {@link measureSimilarity}, to be about the same problem.
 * Findings of the same category need little textual evidence (two phrasings of one defect rarely
 * share many words) and none on the very same line; findings of different categories need a lot,
 * so two problems on one line (an injection and a leak, say) stay apart.
 */
export const relatedSimilarity = { sameCategory: 0.15, anyCategory: 0.4 } as const;

/**
 * Jaccard similarity of two token sets (see `tokenizeMessage`): shared tokens over all tokens,
 * 0..1. Two empty sets are not evidence of anything, so they score 0.
 */
export function measureSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const token of left) if (right.has(token)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/**
 * Whether two nearby findings are about one problem, from their messages' similarity, whether
 * their categories match, and whether they name the very same line.
 */
export function isSameProblem(
  similarity: number,
  place: { readonly sameCategory: boolean; readonly sameLine: boolean },
): boolean {
  if (!place.sameCategory) return similarity >= relatedSimilarity.anyCategory;
  return place.sameLine || similarity >= relatedSimilarity.sameCategory;
}
