import { describe, expect, it } from "vitest";
import { InstanceQueue } from "../../src/pool/instance-queue.ts";

describe("InstanceQueue", () => {
  it("hands out free instances, then makes callers wait in arrival order", async () => {
    const queue = new InstanceQueue(["a", "b"]);
    expect(await queue.acquire()).toBe("a");
    expect(await queue.acquire()).toBe("b");
    const order: string[] = [];
    const first = queue.acquire().then((i) => order.push(`first:${i}`));
    const second = queue.acquire().then((i) => order.push(`second:${i}`));
    expect(queue.waiting).toBe(2);
    queue.release("b");
    queue.release("a");
    await Promise.all([first, second]);
    expect(order).toEqual(["first:b", "second:a"]);
    expect(queue).toMatchObject({ busy: 2, free: 0, waiting: 0 });
  });

  it("removes an aborted waiter and rejects it with the signal's reason", async () => {
    const queue = new InstanceQueue([1]);
    await queue.acquire();
    const controller = new AbortController();
    const reason = new Error("gone");
    const waiting = queue.acquire(controller.signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(queue.waiting).toBe(0);
    queue.release(1);
    expect(queue.free).toBe(1);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const queue = new InstanceQueue([1]);
    const reason = new Error("late");
    await expect(queue.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(queue.free).toBe(1);
  });

  it("rejects waiters and later acquires once closed", async () => {
    const queue = new InstanceQueue([1]);
    await queue.acquire();
    const waiting = queue.acquire();
    const reason = new Error("closed");
    queue.close(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(queue.acquire()).rejects.toBe(reason);
  });
});
