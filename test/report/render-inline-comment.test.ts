import { describe, expect, it } from "vitest";
import { renderInlineComment } from "../../src/report/index.ts";
import { makeFinding } from "./make-review.ts";

describe("renderInlineComment", () => {
  it("shows severity, category, the message and how many agents agree with what confidence", () => {
    const body = renderInlineComment(makeFinding({ category: "error-handling" }));
    const lines = body.split("\n");
    expect(lines[0]).toContain("Major");
    expect(lines[0]).toContain("error handling");
    expect(body).toContain("Loop runs one past the end");
    expect(body).toContain("Quorum · 2/3 agents agree · confidence 0.74");
  });

  it("shows weights when models do not all weigh 1", () => {
    const body = renderInlineComment(makeFinding({ supporters: ["r1"], support: 3, voters: 5 }));
    expect(body).toContain("1 agent agrees (weight 3/5)");
  });

  it("neutralises mentions and HTML from the model but leaves code spans as written", () => {
    const body = renderInlineComment(
      makeFinding({ message: "Ask @octocat or @org/team <!-- hidden --> about `@Override` and <details>" }),
    );
    expect(body).not.toMatch(/@(?!Override)[\w-]/);
    expect(body).toContain("`@Override`");
    expect(body).not.toContain("<!--");
    expect(body).not.toContain("<details>");
    expect(body).toContain("&lt;details>");
  });

  it("strips bidi override characters that could disguise the text", () => {
    expect(renderInlineComment(makeFinding({ message: "safe\u202Eevil" }))).toContain("safeevil");
  });
});
