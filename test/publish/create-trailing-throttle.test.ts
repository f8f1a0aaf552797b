import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTrailingThrottle, type TrailingThrottle } from "../../src/publish/index.ts";

/** A throttle whose writes take `writeMs` and are recorded with the (fake) time each started. */
function recordWrites(options: { minIntervalMs: number; writeMs?: number; lastWriteAt?: number }): {
  throttle: TrailingThrottle<string>;
  writes: { value: string; at: number }[];
  errors: unknown[];
  failNext: () => void;
} {
  const writes: { value: string; at: number }[] = [];
  const errors: unknown[] = [];
  let fail = false;
  const throttle = createTrailingThrottle<string>({
    minIntervalMs: options.minIntervalMs,
    lastWriteAt: options.lastWriteAt,
    onError: (error) => errors.push(error),
    async write(value) {
      writes.push({ value, at: Date.now() });
      if (options.writeMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.writeMs));
      if (fail) {
        fail = false;
        throw new Error(`could not write ${value}`);
      }
    },
  });
  return {
    throttle,
    writes,
    errors,
    failNext: () => {
      fail = true;
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("createTrailingThrottle", () => {
  it("writes at once, then at most once per interval, and always writes the newest value last", async () => {
    const { throttle, writes } = recordWrites({ minIntervalMs: 3_000 });
    throttle.push("fetching");
    await vi.advanceTimersByTimeAsync(500);
    throttle.push("locating");
    throttle.push("baseline");
    await vi.advanceTimersByTimeAsync(1_000);
    throttle.push("reproducing");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(writes).toEqual([
      { value: "fetching", at: 0 },
      // The burst in between collapses into one trailing write of its newest value.
      { value: "reproducing", at: 3_000 },
    ]);
  });

  it("counts the interval from a write made before it, e.g. posting the comment", async () => {
    const { throttle, writes } = recordWrites({ minIntervalMs: 3_000, lastWriteAt: 0 });
    await vi.advanceTimersByTimeAsync(1_000);
    throttle.push("locating");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writes).toEqual([{ value: "locating", at: 3_000 }]);
  });

  it("never overlaps writes: a value pushed during a slow write waits for it and for the interval", async () => {
    const { throttle, writes } = recordWrites({ minIntervalMs: 1_000, writeMs: 2_500 });
    throttle.push("a");
    await vi.advanceTimersByTimeAsync(100);
    throttle.push("b");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(writes).toEqual([
      { value: "a", at: 0 },
      { value: "b", at: 2_500 },
    ]);
  });

  it("finishes with its value after the write in flight, keeping the interval, and ignores later pushes", async () => {
    const { throttle, writes } = recordWrites({ minIntervalMs: 3_000, writeMs: 200 });
    throttle.push("verifying 1 of 2");
    await vi.advanceTimersByTimeAsync(100);
    throttle.push("verifying 2 of 2");
    const finished = throttle.finish("done: #41");
    let settled = false;
    void finished.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(settled).toBe(false);
    // The final write starts at 3000 ms and takes 200 ms.
    await vi.advanceTimersByTimeAsync(1_200);
    expect(settled).toBe(true);
    throttle.push("late");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(writes).toEqual([
      { value: "verifying 1 of 2", at: 0 },
      // "verifying 2 of 2" was superseded by the final word before its turn came.
      { value: "done: #41", at: 3_000 },
    ]);
  });

  it("reports a failed write and carries on with the next value", async () => {
    const { throttle, writes, errors, failNext } = recordWrites({ minIntervalMs: 0 });
    failNext();
    throttle.push("a");
    await vi.advanceTimersByTimeAsync(0);
    throttle.push("b");
    await throttle.finish("c");
    expect(writes.map((w) => w.value)).toEqual(["a", "b", "c"]);
    expect(errors).toEqual([new Error("could not write a")]);
  });

  it("drops what waits when disposed", async () => {
    const { throttle, writes } = recordWrites({ minIntervalMs: 3_000 });
    throttle.push("a");
    throttle.push("b");
    throttle.dispose();
    throttle.push("c");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(writes.map((w) => w.value)).toEqual(["a"]);
  });
});
