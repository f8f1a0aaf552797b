import { describe, expect, it } from "vitest";
import { renderProgressComment, renderProgressOutcome, type ProgressStep } from "../../src/publish/index.ts";

const steps: readonly ProgressStep[] = [
  { label: "Fetch the repository", stages: ["fetching"] },
  { label: "Write and run tests", stages: ["writing", "running"] },
  { label: "Publish the result", stages: ["done", "publishing"] },
];
const heading = "Quorum is working on a fix for this issue.";

describe("renderProgressComment", () => {
  it("ticks the steps before the current one, marks it with its detail, and leaves the rest open", () => {
    expect(renderProgressComment({ heading, steps, stage: "running", detail: "running 2 of 3" })).toBe(
      [
        "**Quorum is working on a fix for this issue.** This comment follows the work and ends with its result.",
        "",
        "- [x] Fetch the repository",
        "- [ ] ⏳ **Write and run tests** — running 2 of 3",
        "- [ ] Publish the result",
      ].join("\n"),
    );
  });

  it("marks the first step at the start, and keeps a detail to one line", () => {
    const body = renderProgressComment({ heading, steps, stage: "fetching", detail: "fetching\n  main" });
    expect(body.split("\n").slice(2)).toEqual([
      "- [ ] ⏳ **Fetch the repository** — fetching main",
      "- [ ] Write and run tests",
      "- [ ] Publish the result",
    ]);
  });

  it("shows the detail of a stage no step covers under the list, and a failed attempt last", () => {
    const body = renderProgressComment({
      heading,
      steps,
      stage: "cleaning",
      detail: "removing worktrees",
      failedAttempt: { attempt: 1, reason: `git fetch failed: ${"x".repeat(400)}` },
    });
    expect(body.split("\n").slice(2)).toEqual([
      "- [ ] Fetch the repository",
      "- [ ] Write and run tests",
      "- [ ] Publish the result",
      "",
      "⏳ removing worktrees",
      "",
      `⚠️ Attempt 1 failed (git fetch failed: ${"x".repeat(281)}…); Quorum will try again.`,
    ]);
  });
});

describe("renderProgressOutcome", () => {
  it("points to the draft pull request", () => {
    expect(
      renderProgressOutcome({ kind: "pull-request", summary: "Quorum verified a fix", number: 41 }),
    ).toBe("✅ Quorum verified a fix: draft pull request #41.");
  });

  it("points to the report posted after it", () => {
    expect(renderProgressOutcome({ kind: "comment", summary: "Quorum found no verified fix" })).toBe(
      "ℹ️ Quorum found no verified fix — details in the comment below.",
    );
  });

  it("says why it stopped, on one line, shortened, with one full stop", () => {
    expect(
      renderProgressOutcome({ kind: "stopped", reason: "git fetch failed:\nfatal: repository not found." }),
    ).toBe("⏹️ Quorum stopped: git fetch failed: fatal: repository not found.");
    const long = renderProgressOutcome({ kind: "stopped", reason: `${"x".repeat(298)}😀 and more` });
    expect(long).toBe(`⏹️ Quorum stopped: ${"x".repeat(298)}….`);
  });
});
