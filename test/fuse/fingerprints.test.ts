import { describe, expect, it } from "vitest";
import type { ChangedFile, FusedFinding } from "../../src/domain/index.ts";
import {
  addFingerprints,
  computeFingerprint,
  filterAlreadyPosted,
  fingerprintsMatch,
  readCodeContext,
} from "../../src/fuse/index.ts";

function addedFile(path: string, lines: readonly string[], start = 1): ChangedFile {
  return {
    path,
    status: "modified",
    additions: lines.length,
    deletions: 0,
    patch: [`@@ -${start},0 +${start},${lines.length} @@`, ...lines.map((line) => `+${line}`)].join("\n"),
  };
}

const code = [
  "function total(items) {",
  "  let sum = 0;",
  "  for (let i = 0; i <= items.length; i++) {",
  "    sum += items[i].price;",
  "  }",
  "  return sum;",
  "}",
];
const finding = {
  path: "src/cart.js",
  category: "bug" as const,
  message: "Loop runs one past the end of items",
};

function fingerprintAt(files: readonly ChangedFile[], line: number, message = finding.message): string {
  return computeFingerprint({ ...finding, message }, readCodeContext(files, finding.path, line));
}

describe("fingerprints", () => {
  const first = [addedFile("src/cart.js", code)];

  it("are the same for the same finding on the same code, and safe inside an HTML comment", () => {
    expect(fingerprintAt(first, 3)).toBe(fingerprintAt(first, 3));
    expect(fingerprintAt(first, 3)).toMatch(/^[a-z0-9._]+$/);
  });

  it("ignore line numbers and whitespace: code pushed down and re-indented keeps its fingerprint", () => {
    const moved = [
      addedFile(
        "src/cart.js",
        ["// header", "", ...code.map((line) => `  ${line}`.replace("= 0", "=  0"))],
        1,
      ),
    ];
    expect(fingerprintAt(moved, 5)).toBe(fingerprintAt(first, 3));
  });

  it("change when the code at the line changes", () => {
    const fixed = [
      addedFile(
        "src/cart.js",
        code.map((line) => line.replace("<=", "<")),
      ),
    ];
    expect(fingerprintsMatch(fingerprintAt(fixed, 3), fingerprintAt(first, 3))).toBe(false);
  });

  it("match a reworded message and a line number that wandered by one", () => {
    const reworded = fingerprintAt(first, 4, "Off-by-one: the loop reads past the end of items");
    expect(reworded).not.toBe(fingerprintAt(first, 3));
    expect(fingerprintsMatch(reworded, fingerprintAt(first, 3))).toBe(true);
  });

  it("do not match a different problem at the same place", () => {
    const other = computeFingerprint(
      { path: finding.path, category: "performance", message: "Price lookup allocates on every iteration" },
      readCodeContext(first, finding.path, 3),
    );
    expect(fingerprintsMatch(other, fingerprintAt(first, 3))).toBe(false);
  });

  it("tell identical lines in different places apart by their neighbours", () => {
    const twoBlocks = [
      addedFile("src/cart.js", ["if (a) {", "  run(a);", "}", "if (b) {", "  stop(b);", "}"]),
    ];
    const at = (line: number) =>
      computeFingerprint(
        { ...finding, message: "Missing else branch" },
        readCodeContext(twoBlocks, finding.path, line),
      );
    expect(fingerprintsMatch(at(3), at(6))).toBe(false);
    expect(fingerprintsMatch(at(3), at(3))).toBe(true);
  });

  it("do not match across files, and unparsable ones only match themselves", () => {
    const other = [addedFile("src/other.js", code)];
    const elsewhere = computeFingerprint(
      { ...finding, path: "src/other.js" },
      readCodeContext(other, "src/other.js", 3),
    );
    expect(fingerprintsMatch(elsewhere, fingerprintAt(first, 3))).toBe(false);
    expect(fingerprintsMatch("garbage", "garbage")).toBe(true);
    expect(fingerprintsMatch("garbage", fingerprintAt(first, 3))).toBe(false);
  });
});

describe("filterAlreadyPosted", () => {
  const files = [addedFile("src/cart.js", code)];
  const fused = (line: number, message: string): FusedFinding => ({
    path: "src/cart.js",
    line,
    severity: "major",
    category: "bug",
    message,
    support: 2,
    supporters: ["r1", "r2"],
    voters: 3,
    confidence: 0.8,
  });

  it("splits findings into fresh and already posted, keeping order; findings without a fingerprint are fresh", () => {
    const earlier = addFingerprints([fused(3, "Loop runs one past the end of items")], files);
    const now = addFingerprints(
      [
        fused(6, "Returns sum without rounding the currency"),
        fused(4, "The loop goes one past the end of the items"),
      ],
      files,
    );
    const result = filterAlreadyPosted(
      [...now, fused(1, "no fingerprint")],
      earlier.map((f) => f.fingerprint!),
    );
    expect(result.fresh.map((f) => f.line)).toEqual([6, 1]);
    expect(result.alreadyPosted.map((f) => f.line)).toEqual([4]);
  });

  it("keeps everything when nothing is known", () => {
    const now = addFingerprints([fused(3, "x")], files);
    expect(filterAlreadyPosted(now, [])).toEqual({ fresh: now, alreadyPosted: [] });
  });
});
