import { fingerprintsMatch } from "./compute-fingerprint.ts";

/** Findings split by whether an earlier review already said them. */
export interface PostedFilter<T> {
  /** Not posted before (or without a fingerprint to tell): post these. */
  readonly fresh: T[];
  /** Matching a known fingerprint: posted, resolved or dismissed on an earlier push. */
  readonly alreadyPosted: T[];
}

/**
 * Splits findings by whether their fingerprint matches one already known (see
 * `fingerprintsMatch`): from the PR's stored review state, or read back from Quorum's own earlier
 * comments with `readFingerprintMarker`. Order is kept in both lists.
 */
export function filterAlreadyPosted<T extends { readonly fingerprint?: string | undefined }>(
  findings: readonly T[],
  knownFingerprints: Iterable<string>,
): PostedFilter<T> {
  const known = [...new Set(knownFingerprints)];
  const exact = new Set(known);
  const fresh: T[] = [];
  const alreadyPosted: T[] = [];
  for (const finding of findings) {
    const fingerprint = finding.fingerprint;
    const seen =
      fingerprint !== undefined &&
      (exact.has(fingerprint) || known.some((other) => fingerprintsMatch(fingerprint, other)));
    (seen ? alreadyPosted : fresh).push(finding);
  }
  return { fresh, alreadyPosted };
}
