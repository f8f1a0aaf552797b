import { mkdtemp, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LlamaContextSequence, Token } from "node-llama-cpp";

/** A prompt prefix one instance is evaluating, which calls arriving meanwhile may copy instead. */
export interface PrefixOffer {
  /** The tokens the offering instance will hold once its prompt is evaluated. */
  readonly tokens: readonly Token[];
  /**
   * Sequences of the offering instance's context: llama.cpp only loads a sequence's state into a
   * context with as many sequences (KV streams) as the one it was saved from.
   */
  readonly streams: number;
}

interface OfferState extends PrefixOffer {
  /** Resolves with the saved state's file once the prefix is evaluated, or undefined when nobody waits or it failed. */
  readonly ready: Promise<string | undefined>;
  readonly settle: (file: string | undefined) => void;
  waiting: number;
  file: string | undefined;
  settled: boolean;
}

export interface OfferHandle {
  /** The offerer's prompt is evaluated: saves the sequence's state if anyone waits for it. */
  complete(sequence: LlamaContextSequence): Promise<void>;
  /** The offerer failed (or was not needed); waiters go on without it. Idempotent. */
  withdraw(): void;
}

/**
 * Lets concurrent calls with the same long prompt prefix evaluate it once. The first call to start
 * evaluating publishes an offer; a call that starts meanwhile on another (cold) instance waits for
 * it and copies the evaluated state (llama.cpp's sequence state, through a temporary file) instead
 * of evaluating the same tokens again. Typical case: several reviewers of the same chunk, or a
 * wave of calls sharing role instructions. The copier then erases whatever follows the prefix it
 * shares, so it still sees only its own prompt.
 */
export class PrefixExchange {
  readonly #offers = new Set<OfferState>();
  #dir: Promise<string> | undefined;
  #files = 0;
  #disposed = false;

  /**
   * The in-flight offer sharing the longest prefix with `tokens`, if that is at least `minGain`
   * tokens more than the `reusable` ones the caller's instance already holds.
   */
  find(
    tokens: readonly Token[],
    streams: number,
    reusable: number,
    minGain: number,
  ): { offer: PrefixOffer; shared: number } | undefined {
    let best: { offer: OfferState; shared: number } | undefined;
    for (const offer of this.#offers) {
      if (offer.streams !== streams) continue;
      const shared = sharedLength(offer.tokens, tokens);
      if (shared - reusable >= minGain && shared > (best?.shared ?? 0)) best = { offer, shared };
    }
    return best;
  }

  /**
   * Waits for the offer and loads its state into `sequence`. Resolves false when the offer fell
   * through (the caller then evaluates its prompt itself); rejects with `signal.reason` on abort.
   */
  async join(offer: PrefixOffer, sequence: LlamaContextSequence, signal: AbortSignal): Promise<boolean> {
    const state = offer as OfferState;
    state.waiting += 1;
    try {
      const file = await raceAbort(state.ready, signal);
      if (file === undefined) return false;
      try {
        await sequence.loadStateFromFile(file, { acceptRisk: true });
      } catch {
        // A half-loaded state is no state to build on: start from empty and evaluate instead.
        await sequence.clearHistory();
        return false;
      }
      return true;
    } finally {
      state.waiting -= 1;
      if (state.settled && state.waiting === 0 && state.file !== undefined) {
        const file = state.file;
        state.file = undefined;
        await unlink(file).catch(() => undefined);
      }
    }
  }

  /** Publishes that the caller is about to evaluate up to `tokens` on a context of `streams` sequences. */
  open(tokens: readonly Token[], streams: number): OfferHandle {
    let settle: (file: string | undefined) => void = () => undefined;
    const ready = new Promise<string | undefined>((resolve) => {
      settle = resolve;
    });
    const state: OfferState = { tokens, streams, ready, settle, waiting: 0, file: undefined, settled: false };
    this.#offers.add(state);
    const finish = (file: string | undefined): void => {
      if (state.settled) return;
      this.#offers.delete(state);
      state.file = file;
      state.settled = true;
      state.settle(file);
    };
    return {
      complete: async (sequence) => {
        if (state.settled) return;
        if (state.waiting === 0 || this.#disposed) {
          finish(undefined);
          return;
        }
        try {
          const file = join(await this.#directory(), `prefix-${(this.#files += 1)}.state`);
          await sequence.saveStateToFile(file);
          finish(file);
        } catch {
          // Waiters evaluate their prompts themselves; the offerer's own call is unaffected.
          finish(undefined);
        }
      },
      withdraw: () => finish(undefined),
    };
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const offer of this.#offers) offer.settle(undefined);
    this.#offers.clear();
    if (this.#dir !== undefined) await rm(await this.#dir, { recursive: true, force: true });
  }

  #directory(): Promise<string> {
    // RAM-backed where the system has it: the files live for milliseconds.
    this.#dir ??= mkdtemp(join(process.platform === "linux" ? "/dev/shm" : tmpdir(), "quorum-prefix-")).catch(
      () => mkdtemp(join(tmpdir(), "quorum-prefix-")),
    );
    return this.#dir;
  }
}

function sharedLength(a: readonly Token[], b: readonly Token[]): number {
  const end = Math.min(a.length, b.length);
  let i = 0;
  while (i < end && a[i] === b[i]) i += 1;
  return i;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error("prefix offer failed", { cause: error }));
      },
    );
  });
}
