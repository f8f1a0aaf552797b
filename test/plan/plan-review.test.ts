import { describe, expect, it } from "vitest";
import type { ChangedFile, ReviewTask } from "../../src/domain/index.ts";
import { estimateTokensByLength, planReview, renderFileHeader } from "../../src/plan/index.ts";

/** A modified file whose patch is one hunk adding `lines` lines of about `width` characters. */
function modified(path: string, lines: number, width = 40): ChangedFile {
  const body = Array.from({ length: lines }, (_, i) => `+${`line ${i + 1} `.padEnd(width, "x")}`);
  return {
    path,
    status: "modified",
    patch: [`@@ -1,0 +1,${lines} @@`, ...body].join("\n"),
    additions: lines,
    deletions: 0,
  };
}

const costOf = (file: ChangedFile): number =>
  estimateTokensByLength(renderFileHeader(file)) + estimateTokensByLength(file.patch ?? "");

describe("planReview", () => {
  it("packs files in order into chunks that each stay within the token budget", () => {
    const files = Array.from({ length: 12 }, (_, i) => modified(`src/f${i}.ts`, 10 + i * 3));
    const plan = planReview(files, { chunkTokenBudget: 600 });

    expect(plan.chunks.length).toBeGreaterThan(1);
    for (const chunk of plan.chunks) {
      const total = chunk.files.reduce((sum, file) => sum + costOf(file), 0);
      expect(total).toBeLessThanOrEqual(600);
      expect(chunk.estimatedTokens).toBe(total);
    }
    expect(plan.chunks.flatMap((chunk) => chunk.files.map((file) => file.path))).toEqual(
      files.map((file) => file.path),
    );
    expect(plan.chunks.map((chunk) => chunk.id)).toEqual(plan.chunks.map((_, i) => `c${i + 1}`));
    expect(plan.skipped).toEqual([]);
  });

  it("clips an oversized file at a line boundary, reviews its beginning and lists it as clipped", () => {
    const big = modified("src/big.ts", 900);
    const plan = planReview([modified("src/small.ts", 3), big], { chunkTokenBudget: 1200 });

    const reviewed = plan.chunks.flatMap((chunk) => chunk.files).find((file) => file.path === "src/big.ts");
    expect(reviewed).toBeDefined();
    expect(costOf(reviewed!)).toBeLessThanOrEqual(1200);
    const keptLines = reviewed!.patch!.split("\n");
    expect(keptLines.slice(1)).toEqual(big.patch!.split("\n").slice(1, keptLines.length));
    expect(keptLines[0]).toBe(`@@ -1,0 +1,${keptLines.length - 1} @@`);

    const entry = plan.skipped.find((file) => file.path === "src/big.ts");
    expect(entry?.reason).toBe("clipped");
    expect(entry?.detail).toBe(`reviewed first ${keptLines.length} of 901 diff lines`);
  });

  it("clips at a smaller maxFileTokens and never lets it exceed the chunk budget", () => {
    const file = modified("src/a.ts", 200);
    const small = planReview([file], { chunkTokenBudget: 1000, maxFileTokens: 300 });
    expect(costOf(small.chunks[0]!.files[0]!)).toBeLessThanOrEqual(300);

    const capped = planReview([file], { chunkTokenBudget: 500, maxFileTokens: 5000 });
    expect(costOf(capped.chunks[0]!.files[0]!)).toBeLessThanOrEqual(500);
    expect(capped.skipped.map((entry) => entry.reason)).toEqual(["clipped"]);
  });

  it("skips a file whose first line alone does not fit as too-large instead of reviewing nothing", () => {
    const minified: ChangedFile = {
      path: "src/blob.ts",
      status: "added",
      patch: `@@ -0,0 +1 @@\n+${"x".repeat(20_000)}`,
      additions: 1,
      deletions: 0,
    };
    const plan = planReview([minified]);
    expect(plan.chunks).toEqual([]);
    expect(plan.skipped).toEqual([expect.objectContaining({ path: "src/blob.ts", reason: "too-large" })]);
  });

  it("skips binary, removed, pure renames, ignored and undiffable files with their reasons", () => {
    const files: ChangedFile[] = [
      { path: "logo.png", status: "added", additions: 0, deletions: 0 },
      { ...modified("src/old.ts", 5), status: "removed" },
      {
        path: "src/new-name.ts",
        previousPath: "src/old-name.ts",
        status: "renamed",
        additions: 0,
        deletions: 0,
      },
      modified("package-lock.json", 50),
      modified("packages/web/dist/bundle.js", 5),
      modified("Cargo.lock", 5),
      { path: "src/huge.sql", status: "modified", additions: 40_000, deletions: 0 },
      modified("src/kept.ts", 5),
    ];
    const plan = planReview(files);

    expect(plan.skipped.map((entry) => [entry.path, entry.reason])).toEqual([
      ["logo.png", "binary"],
      ["src/old.ts", "removed"],
      ["src/new-name.ts", "no-patch"],
      ["package-lock.json", "ignored"],
      ["packages/web/dist/bundle.js", "ignored"],
      ["Cargo.lock", "ignored"],
      ["src/huge.sql", "too-large"],
    ]);
    expect(plan.skipped.find((entry) => entry.path === "src/new-name.ts")?.detail).toContain(
      "src/old-name.ts",
    );
    expect(plan.skipped.find((entry) => entry.path === "Cargo.lock")?.detail).toContain("*.lock");
    expect(plan.chunks.flatMap((chunk) => chunk.files.map((file) => file.path))).toEqual(["src/kept.ts"]);
  });

  it("reviews a renamed file that also changed, and honours a custom ignore list", () => {
    const renamed: ChangedFile = { ...modified("src/b.ts", 4), status: "renamed", previousPath: "src/a.ts" };
    const plan = planReview([renamed, modified("docs/guide.md", 4)], { ignore: ["docs/**"] });
    expect(plan.chunks.flatMap((chunk) => chunk.files.map((file) => file.path))).toEqual(["src/b.ts"]);
    expect(plan.skipped).toEqual([
      { path: "docs/guide.md", reason: "ignored", detail: "matches ignore pattern `docs/**`" },
    ]);
  });

  it("reviews only the first maxFiles reviewable files; already-skipped files do not use up the limit", () => {
    const files = [
      modified("yarn.lock", 3),
      modified("a.ts", 3),
      modified("b.ts", 3),
      modified("c.ts", 3),
      modified("d.ts", 3),
    ];
    const plan = planReview(files, { maxFiles: 2 });
    expect(plan.chunks.flatMap((chunk) => chunk.files.map((file) => file.path))).toEqual(["a.ts", "b.ts"]);
    expect(plan.skipped.filter((entry) => entry.reason === "too-large").map((entry) => entry.path)).toEqual([
      "c.ts",
      "d.ts",
    ]);
    expect(plan.skipped.find((entry) => entry.path === "c.ts")?.detail).toContain("more than 2");
  });

  it("gives every chunk N review tasks, one fuse task over all of them and one publish task over the fuse task", () => {
    const files = Array.from({ length: 4 }, (_, i) => modified(`src/f${i}.ts`, 60));
    const plan = planReview(files, {
      reviewers: 2,
      chunkTokenBudget: 1000,
      taskBudget: { maxTokens: 256, timeoutMs: 5000 },
    });
    const chunkIds = plan.chunks.map((chunk) => chunk.id);
    expect(chunkIds.length).toBeGreaterThan(1);

    const reviews = plan.tasks.filter((task): task is ReviewTask => task.kind === "review");
    expect(reviews.map((task) => task.id)).toEqual(
      chunkIds.flatMap((id) => [`review:${id}:r1`, `review:${id}:r2`]),
    );
    expect(reviews.map((task) => task.reviewerIndex)).toEqual(chunkIds.flatMap(() => [0, 1]));
    expect(reviews.every((task) => task.budget.maxTokens === 256 && task.budget.timeoutMs === 5000)).toBe(
      true,
    );
    expect(plan.tasks.slice(-2)).toEqual([
      { kind: "fuse", id: "fuse", dependsOn: reviews.map((task) => task.id) },
      { kind: "publish", id: "publish", dependsOn: ["fuse"] },
    ]);
    expect(plan.reviewers).toBe(2);
  });

  it("uses three reviewers, a 1200-token budget and a 512-token, two-minute task budget by default", () => {
    const plan = planReview([modified("src/a.ts", 10)]);
    const reviews = plan.tasks.filter((task): task is ReviewTask => task.kind === "review");
    expect(reviews.map((task) => task.reviewer)).toEqual(["r1", "r2", "r3"]);
    expect(reviews[0]!.budget).toEqual({ maxTokens: 512, timeoutMs: 120_000 });
    const many = planReview(Array.from({ length: 40 }, (_, i) => modified(`f${i}.ts`, 10)));
    expect(many.chunks.every((chunk) => chunk.estimatedTokens <= 1200)).toBe(true);
  });

  it("returns the same plan for the same input", () => {
    const files = [
      modified("a.ts", 300),
      modified("b.ts", 20),
      { path: "x.png", status: "added", additions: 0, deletions: 0 } as const,
    ];
    expect(planReview(files, { chunkTokenBudget: 700 })).toEqual(
      planReview(files, { chunkTokenBudget: 700 }),
    );
  });

  it("plans no reviews but still a fuse and a publish task when nothing is reviewable", () => {
    const plan = planReview([
      { path: "yarn.lock", status: "modified", patch: "@@ -1 +1 @@\n-a\n+b", additions: 1, deletions: 1 },
    ]);
    expect(plan.chunks).toEqual([]);
    expect(plan.tasks).toEqual([
      { kind: "fuse", id: "fuse", dependsOn: [] },
      { kind: "publish", id: "publish", dependsOn: ["fuse"] },
    ]);
    expect(plan.skipped).toHaveLength(1);
    expect(planReview([]).tasks.map((task) => task.kind)).toEqual(["fuse", "publish"]);
  });

  it("counts tokens with the estimator it is given", () => {
    const plan = planReview([modified("a.ts", 5), modified("b.ts", 5), modified("c.ts", 5)], {
      estimateTokens: () => 10,
      chunkTokenBudget: 40,
    });
    // header + patch = 20 per file with this estimator: two files per chunk
    expect(plan.chunks.map((chunk) => chunk.files.length)).toEqual([2, 1]);
  });

  it("rejects nonsense options instead of planning nothing", () => {
    expect(() => planReview([], { reviewers: 0 })).toThrow(/reviewers/);
    expect(() => planReview([], { chunkTokenBudget: -5 })).toThrow(/chunkTokenBudget/);
  });
});
