import { describe, expect, it } from "vitest";
import { LeaseScheduler, type LeaseRequest } from "../../src/pool/index.ts";

/** Leases in the order they resolve, to assert who was served first. */
function recorder<T>(scheduler: LeaseScheduler<T>) {
  const served: string[] = [];
  const wait = (label: string, request: LeaseRequest<T> = {}) =>
    scheduler.acquire(request).then((item) => {
      served.push(`${label}:${String(item)}`);
      return item;
    });
  return { served, wait };
}

async function settle(): Promise<void> {
  await new Promise((r) => setImmediate(r));
}

describe("LeaseScheduler", () => {
  it("hands out free instances, then makes callers wait in arrival order", async () => {
    const scheduler = new LeaseScheduler(["a", "b"]);
    expect(await scheduler.acquire()).toBe("a");
    expect(await scheduler.acquire()).toBe("b");
    const { served, wait } = recorder(scheduler);
    const calls = [wait("first"), wait("second")];
    expect(scheduler.waiting).toBe(2);
    scheduler.release("b");
    scheduler.release("a");
    await Promise.all(calls);
    expect(served).toEqual(["first:b", "second:a"]);
    expect(scheduler).toMatchObject({ busy: 2, free: 0, waiting: 0 });
  });

  it("serves slash commands before automatic reviews before background work", async () => {
    const scheduler = new LeaseScheduler(["x"]);
    const held = await scheduler.acquire();
    const { served, wait } = recorder(scheduler);
    const calls = [
      wait("background", { priority: "background" }),
      wait("automatic", { priority: "automatic" }),
      wait("command", { priority: "command" }),
    ];
    for (let i = 0; i < 3; i += 1) {
      scheduler.release(i === 0 ? held : "x");
      await settle();
    }
    await Promise.all(calls);
    expect(served).toEqual(["command:x", "automatic:x", "background:x"]);
  });

  it("takes tenants in turn at the same priority, so one busy repository cannot starve another", async () => {
    const scheduler = new LeaseScheduler(["x"]);
    await scheduler.acquire();
    const { served, wait } = recorder(scheduler);
    const calls = [
      wait("a1", { tenant: "org/a" }),
      wait("a2", { tenant: "org/a" }),
      wait("a3", { tenant: "org/a" }),
      wait("b1", { tenant: "org/b" }),
      wait("c1", { tenant: "org/c" }),
      wait("b2", { tenant: "org/b" }),
    ];
    for (let i = 0; i < calls.length; i += 1) {
      scheduler.release("x");
      await settle();
    }
    await Promise.all(calls);
    expect(served.map((s) => s.split(":")[0])).toEqual(["a1", "b1", "c1", "a2", "b2", "a3"]);
  });

  it("gives a call the free instance it has the most affinity with, else the least recently used", async () => {
    const scheduler = new LeaseScheduler(["a", "b", "c"], { minAffinity: 2 });
    const cached: Record<string, number> = { a: 0, b: 40, c: 1 };
    const affinity = (item: string) => cached[item] ?? 0;
    expect(await scheduler.acquire({ affinity })).toBe("b");
    // c's score is below minAffinity, so it counts as none: the least recently used (a) goes first.
    expect(await scheduler.acquire({ affinity })).toBe("a");
    scheduler.release("a");
    scheduler.release("b");
    expect(scheduler.freeItems()).toEqual(["c", "a", "b"]);
    expect(await scheduler.acquire()).toBe("c");
  });

  it("hands a released instance to the waiter it suits best, within the window and overtaking limit", async () => {
    const scheduler = new LeaseScheduler(["x"], { affinityWindow: 3, maxOvertakes: 2 });
    await scheduler.acquire();
    const { served, wait } = recorder(scheduler);
    const none = () => 0;
    const calls = [
      wait("cold1", { affinity: none }),
      wait("cold2", { affinity: none }),
      wait("warm1", { affinity: () => 100 }),
      wait("warm2", { affinity: () => 100 }),
      wait("warm3", { affinity: () => 100 }),
    ];
    for (let i = 0; i < calls.length; i += 1) {
      scheduler.release("x");
      await settle();
    }
    await Promise.all(calls);
    // warm1 and warm2 overtake cold1 (twice: its limit); warm3 is outside the window until then.
    expect(served.map((s) => s.split(":")[0])).toEqual(["warm1", "warm2", "cold1", "cold2", "warm3"]);
  });

  it("round-robin policy rotates through instances and serves waiters first come first served", async () => {
    const scheduler = new LeaseScheduler(["a", "b", "c"], { policy: "round-robin" });
    const favourA = (item: string) => (item === "a" ? 100 : 0);
    expect(await scheduler.acquire({ affinity: favourA })).toBe("a");
    scheduler.release("a");
    expect(await scheduler.acquire({ affinity: favourA })).toBe("b");
    scheduler.release("b");
    expect(await scheduler.acquire({ affinity: favourA })).toBe("c");
    scheduler.release("c");
    expect(await scheduler.acquire({ affinity: favourA })).toBe("a");
  });

  it("removes an aborted waiter at once and rejects it with the signal's reason", async () => {
    const scheduler = new LeaseScheduler([1]);
    await scheduler.acquire();
    const controller = new AbortController();
    const reason = new Error("superseded");
    const waiting = scheduler.acquire({ signal: controller.signal, tenant: "t" });
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(scheduler.waiting).toBe(0);
    scheduler.release(1);
    expect(scheduler.free).toBe(1);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const scheduler = new LeaseScheduler([1]);
    const reason = new Error("late");
    await expect(scheduler.acquire({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(scheduler.free).toBe(1);
  });

  it("shrinks when an instance is retired", async () => {
    const scheduler = new LeaseScheduler(["a", "b"]);
    const a = await scheduler.acquire();
    scheduler.retire(a);
    scheduler.release(a);
    expect(scheduler).toMatchObject({ size: 1, free: 1, busy: 0 });
  });

  it("rejects waiters and later acquires once closed", async () => {
    const scheduler = new LeaseScheduler([1]);
    await scheduler.acquire();
    const waiting = scheduler.acquire({ priority: "background" });
    const reason = new Error("closed");
    scheduler.close(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(scheduler.acquire()).rejects.toBe(reason);
    expect(scheduler.waiting).toBe(0);
  });
});
