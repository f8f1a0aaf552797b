/**
 * Collects a process's output up to a byte cap. When there is more, it keeps the beginning (what
 * ran) and the end (where test runners print their summary) and drops the middle, so a chatty or
 * hostile test cannot exhaust Quorum's memory and the log still shows what matters.
 */
export class CappedOutput {
  readonly #headCap: number;
  readonly #tailCap: number;
  readonly #head: Buffer[] = [];
  #headBytes = 0;
  #tail: Buffer[] = [];
  #tailBytes = 0;
  #total = 0;

  /** `capBytes`: bytes kept at most; a quarter goes to the beginning, the rest to the end. */
  constructor(capBytes: number) {
    this.#headCap = Math.floor(capBytes / 4);
    this.#tailCap = capBytes - this.#headCap;
  }

  /** Bytes received in total, kept or not. */
  get totalBytes(): number {
    return this.#total;
  }

  get truncated(): boolean {
    return this.#total > this.#headCap + this.#tailCap;
  }

  push(chunk: Buffer): void {
    this.#total += chunk.length;
    let rest = chunk;
    if (this.#headBytes < this.#headCap) {
      const taken = rest.subarray(0, this.#headCap - this.#headBytes);
      this.#head.push(taken);
      this.#headBytes += taken.length;
      rest = rest.subarray(taken.length);
    }
    if (rest.length === 0) return;
    this.#tail.push(rest);
    this.#tailBytes += rest.length;
    this.#trimTail();
  }

  /** The kept text; a marker line says how much of the middle was dropped. */
  text(): string {
    const head = Buffer.concat(this.#head).toString("utf8");
    const tail = Buffer.concat(this.#tail).toString("utf8");
    if (!this.truncated) return head + tail;
    const dropped = this.#total - this.#headBytes - this.#tailBytes;
    return `${head}\n… [${dropped} bytes of output omitted] …\n${tail}`;
  }

  #trimTail(): void {
    while (this.#tailBytes > this.#tailCap) {
      const first = this.#tail[0];
      if (first === undefined) return;
      const excess = this.#tailBytes - this.#tailCap;
      if (first.length <= excess) {
        this.#tail.shift();
        this.#tailBytes -= first.length;
      } else {
        this.#tail[0] = first.subarray(excess);
        this.#tailBytes -= excess;
      }
    }
  }
}
