import { parseArgs } from "node:util";
import type { Quorum } from "../fuse/index.ts";
import { defaultEvalSetDir } from "./load-eval-set.ts";
import { defaultSeeds } from "./scripted-scenarios.ts";

export interface EvalArgs {
  /** Run the pool file's models instead of scripted agents. Default: false. */
  readonly live: boolean;
  /** Pool file for live mode. Default: $QUORUM_POOL. */
  readonly pool: string | undefined;
  /** Scripted mode seeds. Default: 1..10. */
  readonly seeds: readonly number[];
  /** Live mode reviewer slots per chunk. Default: 3. */
  readonly reviewers: number;
  /** Live mode quorum. Default: majority. */
  readonly quorum: Quorum;
  /** Only the cases whose names are listed. Default: all. */
  readonly cases: readonly string[] | undefined;
  /** At most this many cases (after `cases`). Default: all. */
  readonly limit: number | undefined;
  /** The evaluation set. Default: fixtures/eval. */
  readonly dir: string;
}

/** A command line the eval cannot run with; the message says which flag. */
export class EvalArgsError extends Error {
  override readonly name = "EvalArgsError";
  readonly retryable = false;
}

export const evalUsage = `usage: npm run eval -- [--seeds 1,2,3 | --seeds 1-10] [--cases a,b] [--limit N] [--dir DIR]
       npm run eval -- --live --pool FILE [--reviewers N] [--quorum majority|all|K] [--cases a,b] [--limit N]`;

/** Parses `npm run eval` flags; throws EvalArgsError on nonsense. */
export function parseEvalArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): EvalArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        live: { type: "boolean", default: false },
        pool: { type: "string" },
        seeds: { type: "string" },
        reviewers: { type: "string" },
        quorum: { type: "string" },
        cases: { type: "string" },
        limit: { type: "string" },
        dir: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new EvalArgsError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const pool = values.pool ?? env.QUORUM_POOL;
  if (values.live && (pool === undefined || pool === "")) {
    throw new EvalArgsError("--live needs --pool FILE (or QUORUM_POOL)");
  }
  return {
    live: values.live,
    pool,
    seeds: values.seeds === undefined ? defaultSeeds : parseSeeds(values.seeds),
    reviewers: values.reviewers === undefined ? 3 : parseInteger("--reviewers", values.reviewers, 1),
    quorum: values.quorum === undefined ? "majority" : parseQuorum(values.quorum),
    cases: values.cases
      ?.split(",")
      .map((name) => name.trim())
      .filter((name) => name !== ""),
    limit: values.limit === undefined ? undefined : parseInteger("--limit", values.limit, 1),
    dir: values.dir ?? defaultEvalSetDir,
  };
}

function parseSeeds(text: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(text.trim());
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to < from || to - from > 1000) throw new EvalArgsError(`--seeds range ${text} is empty or too long`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  return text.split(",").map((part) => parseInteger("--seeds", part.trim(), 0));
}

function parseQuorum(text: string): Quorum {
  if (text === "majority" || text === "all") return text;
  const value = Number(text);
  if (!(value > 0)) throw new EvalArgsError(`--quorum must be majority, all or a number > 0, got ${text}`);
  return value;
}

function parseInteger(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new EvalArgsError(`${flag} must be an integer >= ${min}, got ${text}`);
  }
  return value;
}
