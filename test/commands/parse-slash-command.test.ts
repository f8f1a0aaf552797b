import { describe, expect, it } from "vitest";
import {
  maxQuestionLength,
  mayContainSlashCommand,
  parseSlashCommand,
  slashCommandNames,
} from "../../src/triggers/index.ts";

function commandName(body: string, prefix?: string): string | undefined {
  const parsed = parseSlashCommand(body, { prefix });
  return parsed?.kind === "command" ? parsed.command.name : parsed?.kind;
}

describe("parseSlashCommand: the grammar", () => {
  it("understands every command at the start of a line", () => {
    for (const name of slashCommandNames.filter((n) => n !== "explain")) {
      expect(commandName(`/quorum ${name}`)).toBe(name);
    }
    expect(parseSlashCommand("/quorum explain why is the loop off by one?")).toEqual({
      kind: "command",
      command: { name: "explain", question: "why is the loop off by one?" },
      line: 0,
    });
  });

  it("finds a command on a later line, with up to three leading spaces, in any case", () => {
    expect(commandName("Thanks for the PR!\n\n   /Quorum REVIEW\n")).toBe("review");
    expect(parseSlashCommand("line one\r\n/quorum status")?.line).toBe(1);
  });

  it("treats the bare prefix as help", () => {
    expect(commandName("/quorum")).toBe("help");
    expect(commandName("/quorum   ")).toBe("help");
  });

  it("answers an unknown command, or one with arguments it does not take, with a problem", () => {
    expect(parseSlashCommand("/quorum approve")).toMatchObject({
      kind: "invalid",
      word: "approve",
      problem: "unknown command",
    });
    expect(parseSlashCommand("/quorum review --force")).toMatchObject({
      kind: "invalid",
      problem: "`review` takes no arguments",
    });
    expect(parseSlashCommand("/quorum fix sandbox=off")).toMatchObject({ kind: "invalid" });
    expect(parseSlashCommand("/quorum explain")).toMatchObject({
      kind: "invalid",
      problem: "`explain` needs a question",
    });
  });

  it("uses the repository's prefix and ignores the default one then", () => {
    expect(commandName("/bot review", "/bot")).toBe("review");
    expect(parseSlashCommand("/quorum review", { prefix: "/bot" })).toBeUndefined();
  });

  it("needs a space or the line's end after the prefix", () => {
    expect(parseSlashCommand("/quorumreview")).toBeUndefined();
    expect(parseSlashCommand("/quorum-bot review")).toBeUndefined();
  });

  it("caps an explain question", () => {
    const parsed = parseSlashCommand(`/quorum explain ${"why ".repeat(1000)}`);
    expect(
      parsed?.kind === "command" && parsed.command.name === "explain" && parsed.command.question.length,
    ).toBe(maxQuestionLength);
  });
});

describe("parseSlashCommand: what a reader sees as quoted or code is not a command", () => {
  const ignored: Record<string, string> = {
    "mid-line": "please run /quorum review",
    "a list item": "- /quorum review",
    "a block quote": "> /quorum fix",
    "a nested quote": "> > /quorum fix",
    "a quote's lazy continuation": "> the bot said\n/quorum fix",
    "a fenced block": "```\n/quorum fix\n```",
    "a tilde fence": "~~~md\n/quorum fix\n~~~",
    "an unclosed fence": "```\n/quorum fix",
    "a fence closed only by a longer fence": "````\n```\n/quorum fix\n````",
    "an indented code block": "    /quorum fix",
    "a tab-indented code block": "\t/quorum fix",
    "an inline code span": "`/quorum fix`",
    "a code span across lines": "see `the\n/quorum fix` command",
    "a double-backtick span across lines": "``a ` b\n/quorum fix``",
    "a multi-line HTML comment": "<!--\n/quorum fix\n-->",
    "a <pre> block": "<pre>\n/quorum fix\n</pre>",
  };
  for (const [where, body] of Object.entries(ignored)) {
    it(`ignores a command in ${where}`, () => {
      expect(parseSlashCommand(body)).toBeUndefined();
    });
  }

  it("still finds a command after a closed fence, quote or comment", () => {
    expect(commandName("```\n/quorum fix\n```\n/quorum status")).toBe("status");
    expect(commandName("> /quorum fix\n\n/quorum status")).toBe("status");
    expect(commandName("<!-- /quorum fix -->\n/quorum status")).toBe("status");
    expect(commandName("<!--\nhidden\n-->\n/quorum status")).toBe("status");
  });

  it("does not take an unmatched backtick for the start of a span", () => {
    expect(commandName("a lone ` backtick\n/quorum status")).toBe("status");
    expect(commandName("escaped \\`\n/quorum status\nand `")).toBe("status");
  });

  it("takes the first command only", () => {
    expect(commandName("/quorum status\n/quorum fix")).toBe("status");
  });
});

describe("parseSlashCommand: hostile sizes", () => {
  it("scans a body far over GitHub's limit without finding what lies beyond it", () => {
    const body = `${"x".repeat(70_000)}\n/quorum fix`;
    expect(parseSlashCommand(body)).toBeUndefined();
    expect(mayContainSlashCommand(body)).toBe(false);
  });

  it("handles many unmatched backtick runs and thousands of lines (a quadratic scan would time out)", () => {
    const runs = Array.from({ length: 250 }, (_, i) => "`".repeat(i + 1)).join(" x ");
    const lines = Array.from({ length: 2_500 }, (_, i) => `line ${i} \``).join("\n");
    const body = `${runs}\n${lines}\n\n/quorum status`;
    expect(body.length).toBeLessThan(65_536);
    expect(parseSlashCommand(body)?.kind).toBe("command");
  });

  it("pre-checks cheaply whether a body can hold a command", () => {
    expect(mayContainSlashCommand("LGTM, thanks!")).toBe(false);
    expect(mayContainSlashCommand("ok\n  /quorum review")).toBe(true);
  });
});
