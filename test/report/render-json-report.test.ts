import { describe, expect, it } from "vitest";
import type { FusedReview } from "../../src/domain/index.ts";
import { renderJsonReport } from "../../src/report/index.ts";
import { makeFinding, makeReview } from "./make-review.ts";

describe("renderJsonReport", () => {
  it("is the fused review plus version 2", () => {
    const input = makeReview({
      agreed: [
        makeFinding({
          agents: 3,
          weighted: false,
          objections: [{ reviewer: "r3", reason: "checked above" }],
          opposition: 1,
          score: 0.61,
          fingerprint: "v1.abc",
        }),
      ],
      disputed: [makeFinding({ line: 40, objections: [{ reviewer: "r2", reason: "fine" }] })],
      skippedFiles: [{ path: "a.png", reason: "binary" }],
      failedAgents: [{ reviewer: "r3", chunkId: "c1", reason: "timeout" }],
      failedAgentPolicy: "abstain",
    });
    const parsed = JSON.parse(renderJsonReport(input)) as FusedReview & { version: number };
    expect(parsed.version).toBe(2);
    const { version: _version, ...rest } = parsed;
    expect(rest).toEqual(input);
  });

  it("writes keys in a fixed order whatever order the review was built in", () => {
    const built = makeReview({ agreed: [makeFinding()], disputed: [], failedAgentPolicy: "exclude" });
    const f = built.agreed[0]!;
    const reordered: FusedReview = {
      usage: built.usage,
      reviewers: built.reviewers,
      failedAgentPolicy: "exclude",
      failedAgents: [],
      skippedFiles: [],
      disputed: [],
      notAgreed: [],
      agreed: [
        {
          confidence: f.confidence,
          voters: f.voters,
          supporters: f.supporters,
          support: f.support,
          message: f.message,
          category: f.category,
          severity: f.severity,
          line: f.line,
          path: f.path,
        },
      ],
    };
    expect(renderJsonReport(reordered)).toBe(renderJsonReport(built));
    expect(Object.keys(JSON.parse(renderJsonReport(reordered)))).toEqual([
      "version",
      "agreed",
      "notAgreed",
      "disputed",
      "skippedFiles",
      "failedAgents",
      "failedAgentPolicy",
      "reviewers",
      "usage",
    ]);
  });
});
