import type { TestTally } from "./count-tests-run.ts";
import type { SandboxRunResult } from "./sandbox.ts";

/** What a step's command was expected to do: pass (the suite with a fix) or fail (a reproducing test on the old code). */
export type Expectation = "pass" | "fail";

/** One entry of the verification log: a command run in the sandbox, or a check of the patch itself. */
export interface VerificationStep {
  /** What was checked, e.g. `candidate 2: test suite`. */
  readonly name: string;
  /** The command, as shown to people; absent for checks that run nothing. */
  readonly command?: string | undefined;
  readonly outcome: "passed" | "failed" | "timed-out" | "refused";
  readonly expected: Expectation;
  /**
   * The outcome is what was expected, and, for a run that had to show a new test passing, it
   * showed one (otherwise `problems` says what is missing).
   */
  readonly ok: boolean;
  readonly exitCode?: number | null | undefined;
  readonly durationMs?: number | undefined;
  /** Why a patch was refused before anything ran, or why a run's pass is not the evidence asked for. */
  readonly problems?: readonly string[] | undefined;
  /** The end of the command's output (raw: redact before publishing). */
  readonly outputTail?: string | undefined;
  /** The tests the runner reported, when the command asked for them to be counted and it printed a summary. */
  readonly tests?: TestTally | undefined;
}

/** Everything that was run to decide, in order: the evidence behind a verified fix or a "no verified fix". */
export interface VerificationLog {
  /** How the code was isolated (`Sandbox.description`). */
  readonly sandbox: string;
  readonly baseSha: string;
  /** The test command used; undefined when none was found. */
  readonly testCommand: string | undefined;
  readonly steps: VerificationStep[];
}

const tailLines = 60;
const tailChars = 6000;

/**
 * A log step from a sandbox run. `workDir` (the worktree) is cut out of the output: logs are
 * published, and the machine's paths are nobody's business.
 */
export function stepFromRun(
  name: string,
  command: string,
  expected: Expectation,
  result: SandboxRunResult,
  workDir?: string,
): VerificationStep {
  const outcome = result.timedOut ? "timed-out" : result.passed ? "passed" : "failed";
  return {
    name,
    command,
    outcome,
    expected,
    ok: expected === "pass" ? outcome === "passed" : outcome === "failed",
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    outputTail: tail(
      workDir === undefined
        ? result.output
        : result.output.split(`${workDir}/`).join("").split(workDir).join("."),
    ),
  };
}

/** A log step for a patch refused before anything ran (malformed, weakens tests, changes the test setup). */
export function refusedStep(name: string, problems: readonly string[]): VerificationStep {
  return { name, outcome: "refused", expected: "pass", ok: false, problems };
}

function tail(output: string): string {
  const lines = output.trimEnd().split("\n");
  const kept = lines.slice(-tailLines).join("\n");
  return kept.length > tailChars ? kept.slice(-tailChars) : kept;
}
