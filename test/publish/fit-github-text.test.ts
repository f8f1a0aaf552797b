import { describe, expect, it } from "vitest";
import { fitGitHubText } from "../../src/publish/index.ts";

describe("fitGitHubText", () => {
  it("leaves text within the limit unchanged", () => {
    expect(fitGitHubText("short", 100)).toBe("short");
  });

  it("cuts at a line break, stays within the limit and says how much was dropped", () => {
    const text = Array.from({ length: 50 }, (_, index) => `line ${index}`).join("\n");
    const fitted = fitGitHubText(text, 200);
    expect(fitted.length).toBeLessThanOrEqual(200);
    const [kept, note] = fitted.split("\n\n… ");
    expect(text.startsWith(`${kept}\nline `)).toBe(true);
    expect(note).toBe(`(truncated: ${text.length - (kept ?? "").length} more characters not shown)`);
  });

  it("closes a fenced block the cut left open so the note is not rendered as code", () => {
    const text = `Intro\n\`\`\`ts\n${"const x = 1;\n".repeat(100)}\`\`\``;
    const fitted = fitGitHubText(text, 300);
    expect(fitted.length).toBeLessThanOrEqual(300);
    expect(fitted).toMatch(/\n```\n\n… \(truncated: \d+ more characters not shown\)$/);
  });

  it("closes a tilde fence with tildes", () => {
    const fitted = fitGitHubText(`~~~~\n${"x\n".repeat(300)}~~~~`, 300);
    expect(fitted).toMatch(/\nx\n~~~~\n\n… \(truncated/);
  });

  it("never splits a surrogate pair", () => {
    for (const limit of [200, 201, 20]) {
      const fitted = fitGitHubText("😀".repeat(200), limit);
      expect(fitted.length).toBeLessThanOrEqual(limit);
      expect(fitted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });
});
