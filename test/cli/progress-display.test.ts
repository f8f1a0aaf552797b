import { describe, expect, it } from "vitest";
import { createProgressDisplay, renderProgressBar } from "../../src/cli/create-progress-display.ts";

function createStream(isTTY: boolean, columns = 80) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (text: string) => writes.push(text) } };
}

describe("renderProgressBar", () => {
  it("fills the bar in proportion and shows the count, elapsed seconds and the last item", () => {
    const line = renderProgressBar(3, 9, "review tasks", 12_400, 100, "src/cart.js");
    expect(line).toBe("[##########--------------------] 3/9 review tasks  12s  src/cart.js");
    expect(renderProgressBar(0, 4, "tasks", 0, 100)).toMatch(/^\[-+\] 0\/4 tasks {2}0s$/);
    expect(renderProgressBar(4, 4, "tasks", 0, 100)).toMatch(/^\[#+\] 4\/4 tasks {2}0s$/);
  });

  it("never overflows a narrow terminal, shortening the item from the left", () => {
    for (const columns of [20, 40, 60]) {
      const line = renderProgressBar(12, 120, "review tasks", 5000, columns, "src/very/deep/folder/file.ts");
      expect(line.length).toBeLessThan(columns);
    }
    expect(renderProgressBar(1, 2, "tasks", 0, 60, "src/a/really/long/path/to/some/file.ts")).toMatch(
      /….*file\.ts$/,
    );
  });

  it("shows a full bar for an empty plan instead of dividing by zero", () => {
    expect(renderProgressBar(0, 0, "tasks", 0, 80)).toMatch(/^\[#+\] 0\/0 tasks/);
  });
});

describe("createProgressDisplay", () => {
  it("redraws one line in place on a terminal and ends it on finish", () => {
    let now = 0;
    const { writes, stream } = createStream(true);
    const display = createProgressDisplay({ stream, label: "review tasks", now: () => now });
    display.update(0, 2);
    now = 1500;
    display.update(1, 2, "src/a.js");
    display.finish();
    display.finish();
    expect(writes).toEqual([
      "\r\u001b[2K[------------------------------] 0/2 review tasks  0s",
      "\r\u001b[2K[###############---------------] 1/2 review tasks  1s  src/a.js",
      "\n",
    ]);
  });

  it("assumes 80 columns on a terminal that reports no size (0 columns)", () => {
    const { writes, stream } = createStream(true, 0);
    createProgressDisplay({ stream, label: "review tasks", now: () => 0 }).update(1, 2);
    expect(writes).toEqual(["\r\u001b[2K[###############---------------] 1/2 review tasks  0s"]);
  });

  it("writes plain lines, once per change, when not a terminal", () => {
    const { writes, stream } = createStream(false);
    const display = createProgressDisplay({ stream, label: "review tasks" });
    display.update(0, 2);
    display.update(0, 2);
    display.update(2, 2, "src/a.js");
    display.finish();
    expect(writes).toEqual(["quorum: 0/2 review tasks done\n", "quorum: 2/2 review tasks done\n"]);
    expect(writes.join("")).not.toContain("\r");
  });
});
