import { describe, expect, it } from "vitest";
import type { AgentReport, ChangedFile, Finding } from "../../src/domain/index.ts";
import { addFingerprints, filterAlreadyPosted, fuseReviews } from "../../src/fuse/index.ts";
import { sanitizeForGitHub } from "../../src/publish/index.ts";
import {
  appendFingerprintMarker,
  readFingerprintMarker,
  renderInlineComment,
} from "../../src/report/index.ts";

const cart = [
  "export function cartTotal(items) {",
  "  let total = 0;",
  "  for (let i = 0; i <= items.length; i++) {",
  "    total += items[i].price;",
  "  }",
  "  return total;",
  "}",
];

function push(lines: readonly string[]): ChangedFile[] {
  const patch = [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join("\n");
  return [{ path: "src/cart.js", status: "added", additions: lines.length, deletions: 0, patch }];
}

function report(reviewer: string, findings: Partial<Finding>[]): AgentReport {
  return {
    status: "ok",
    agent: { reviewer, model: "m", weight: 1 },
    chunkId: "c1",
    findings: findings.map((f) => ({
      path: "src/cart.js",
      line: 3,
      severity: "major",
      category: "bug",
      message: "",
      confidence: 0.8,
      ...f,
    })),
    usage: { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0, durationMs: 0 },
  };
}

/** What the publisher does: fingerprint, drop what was posted before, render, sanitise, mark. */
function publish(
  reports: AgentReport[],
  files: ChangedFile[],
  earlierBodies: readonly string[],
): { bodies: string[]; repeated: number } {
  const known = earlierBodies.map(readFingerprintMarker).filter((fp) => fp !== undefined);
  const { fresh, alreadyPosted } = filterAlreadyPosted(
    addFingerprints(fuseReviews(reports).agreed, files),
    known,
  );
  const bodies = fresh.map((finding) =>
    appendFingerprintMarker(sanitizeForGitHub(renderInlineComment(finding)), finding.fingerprint!),
  );
  return { bodies, repeated: alreadyPosted.length };
}

describe("a second push", () => {
  it("repeats no comment when the code moved down and the agents reworded their findings", () => {
    const first = publish(
      [
        report("r1", [{ message: "Loop runs one past the end of items" }]),
        report("r2", [{ message: "Off-by-one: items[items.length] is undefined" }]),
        report("r3", []),
      ],
      push(cart),
      [],
    );
    expect(first.bodies).toHaveLength(1);

    // Two lines added above; the bug is now on line 5 and the models word it differently.
    const second = publish(
      [
        report("r1", [{ line: 5, message: "The loop bound lets i reach items.length" }]),
        report("r2", []),
        report("r3", [{ line: 6, message: "Reads past the end of items: use i < items.length" }]),
      ],
      push(["// Cart helpers", "", ...cart]),
      first.bodies,
    );
    // The agents did agree again; the publisher recognised the finding and stayed quiet.
    expect(second).toEqual({ bodies: [], repeated: 1 });
  });

  it("still comments on a new problem found on the second push", () => {
    const first = publish(
      [
        report("r1", [{ message: "Loop runs one past the end of items" }]),
        report("r2", [{ message: "Loop runs one past the end of items" }]),
      ],
      push(cart),
      [],
    );
    const second = publish(
      [
        report("r1", [
          { message: "Loop runs one past the end of items" },
          { line: 4, category: "error-handling", message: "price may be missing, giving NaN totals" },
        ]),
        report("r2", [
          { message: "Loop runs one past the end of items" },
          { line: 4, category: "error-handling", message: "NaN total when an item has no price" },
        ]),
      ],
      push(cart),
      first.bodies,
    );
    expect(second.repeated).toBe(1);
    expect(second.bodies).toHaveLength(1);
    expect(second.bodies[0]).toContain("NaN");
  });
});
