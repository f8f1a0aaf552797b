/** Fingerprints are `[a-z0-9._]` (see `computeFingerprint`): nothing that could end an HTML comment. */
const fingerprintPattern = /^[a-z0-9._]{1,400}$/;
const markerPattern = /<!-- quorum:fp=([a-z0-9._]{1,400}) -->/g;

/**
 * Appends a hidden marker carrying the finding's fingerprint to a comment body, so Quorum can
 * recognise its own earlier comments even when its stored review state is gone. Call it on the
 * final body, AFTER sanitising: sanitising strips HTML comments. GitHub keeps the marker in the
 * body it returns but does not render it. Throws a RangeError for a malformed fingerprint rather
 * than write something that could break out of the comment.
 */
export function appendFingerprintMarker(body: string, fingerprint: string): string {
  if (!fingerprintPattern.test(fingerprint)) {
    throw new RangeError(`not a fingerprint: ${JSON.stringify(fingerprint.slice(0, 60))}`);
  }
  return `${body}\n\n<!-- quorum:fp=${fingerprint} -->`;
}

/**
 * The fingerprint in a comment body written by {@link appendFingerprintMarker}, or undefined. The
 * last marker wins: model text cannot carry one (sanitising removed HTML comments), but a quoted
 * earlier comment could, and ours is always appended at the end.
 */
export function readFingerprintMarker(body: string): string | undefined {
  let last: string | undefined;
  for (const match of body.matchAll(markerPattern)) last = match[1];
  return last;
}
