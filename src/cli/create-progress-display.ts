/** Where progress goes: stderr in the CLI, a fake stream in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

export interface ProgressDisplay {
  /** `done` of `total` units finished; `detail` names the last one (a file, a step). */
  update(done: number, total: number, detail?: string): void;
  /** Ends the bar's line (TTY) so later output starts on a fresh line. Idempotent. */
  finish(): void;
}

export interface ProgressDisplayOptions {
  readonly stream: ProgressStream;
  /** What is counted, e.g. "review tasks". */
  readonly label: string;
  /** Milliseconds since start; injectable so tests are deterministic. Default: `performance.now`. */
  readonly now?: () => number;
}

/**
 * Pure: one line of a progress bar fitted to `columns`, e.g.
 * `[########------------]  3/9 review tasks  12s  src/cart.js`.
 */
export function renderProgressBar(
  done: number,
  total: number,
  label: string,
  elapsedMs: number,
  columns: number,
  detail = "",
): string {
  const counter = `${String(done).padStart(String(total).length)}/${total} ${label}`;
  const elapsed = `${Math.floor(elapsedMs / 1000)}s`;
  const width = Math.max(10, Math.min(30, columns - counter.length - elapsed.length - 8));
  const filled = total === 0 ? width : Math.round((Math.min(done, total) / total) * width);
  const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${counter}  ${elapsed}`;
  const room = columns - 1 - line.length - 2;
  if (detail === "" || room < 8) return line.slice(0, Math.max(0, columns - 1));
  return `${line}  ${detail.length > room ? `…${detail.slice(detail.length - room + 1)}` : detail}`;
}

/**
 * A progress bar redrawn in place on a terminal; on a pipe or a log file, one plain line per
 * change (`quorum: 3/9 review tasks done`), so CI logs stay readable and greppable.
 */
export function createProgressDisplay(options: ProgressDisplayOptions): ProgressDisplay {
  const { stream, label } = options;
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  const tty = stream.isTTY === true;
  let drawn = false;
  let last = "";
  return {
    update(done, total, detail) {
      if (tty) {
        // A pseudo-terminal without a size reports 0 columns: treat it as unknown.
        const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
        const line = renderProgressBar(done, total, label, now() - startedAt, columns, detail);
        // \r + erase-line: redraw in place without leaving a trail of partial bars.
        stream.write(`\r\u001b[2K${line}`);
        drawn = true;
        return;
      }
      const line = `quorum: ${done}/${total} ${label} done\n`;
      if (line !== last) stream.write(line);
      last = line;
    },
    finish() {
      if (tty && drawn) stream.write("\n");
      drawn = false;
    },
  };
}
