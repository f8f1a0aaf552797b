import { describe, expect, it } from "vitest";
import { createProgram } from "../../src/cli/create-program.ts";

describe("quorum's commands", () => {
  it("offers the three process roles, with `all` (webhooks + workers + pool) as the default", () => {
    const program = createProgram();
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(["all", "serve", "worker", "review", "pool", "doctor"]));
    const help = program.helpInformation();
    expect(help).toMatch(/all\s+Run everything in one process \(the default/);
    expect(help).toMatch(/serve\s+Serve webhooks and enqueue work only/);
    const worker = program.commands.find((c) => c.name() === "worker");
    expect(worker?.options.map((o) => o.long)).toContain("--no-control");
  });
});
