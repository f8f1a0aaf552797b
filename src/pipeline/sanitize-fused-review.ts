import type { FusedFinding, FusedReview } from "../domain/index.ts";

/**
 * Model text is made safe before it is placed into Quorum's own markdown, not after: the
 * sanitiser strips HTML, and Quorum's templates use some (`<details>`) on purpose.
 */
export function sanitizeFusedReview(review: FusedReview, sanitize: (text: string) => string): FusedReview {
  const clean = (f: FusedFinding): FusedFinding => ({
    ...f,
    message: sanitize(f.message),
    objections: f.objections?.map((o) => ({ ...o, reason: sanitize(o.reason) })),
  });
  return {
    ...review,
    agreed: review.agreed.map(clean),
    notAgreed: review.notAgreed.map(clean),
    disputed: review.disputed?.map(clean),
    failedAgents: review.failedAgents.map((a) => ({ ...a, reason: sanitize(a.reason) })),
  };
}
