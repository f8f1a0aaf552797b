export const verdicts = ["ok", "warn", "fail"] as const;
export type Verdict = (typeof verdicts)[number];

/** One line of `quorum doctor`: what was checked, what was found, and for a non-ok verdict how to fix it. */
export interface DoctorCheck {
  /** Groups lines in the table: `node`, `redis`, `model`, `plan`, … */
  readonly section: string;
  /** What this line is about within its section, e.g. `maxmemory-policy` or a model's name. */
  readonly name: string;
  readonly verdict: Verdict;
  /** What was found. Never holds a secret. */
  readonly detail: string;
  /** The fix; present on every warn and fail line. */
  readonly fix?: string;
}

export function createOk(section: string, name: string, detail: string): DoctorCheck {
  return { section, name, verdict: "ok", detail };
}

export function createProblem(
  verdict: "warn" | "fail",
  section: string,
  name: string,
  detail: string,
  fix: string,
): DoctorCheck {
  return { section, name, verdict, detail, fix };
}

/** The worst verdict among the lines: one fail makes the whole run fail. */
export function summarizeVerdict(checks: readonly DoctorCheck[]): Verdict {
  if (checks.some((c) => c.verdict === "fail")) return "fail";
  if (checks.some((c) => c.verdict === "warn")) return "warn";
  return "ok";
}
