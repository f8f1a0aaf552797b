import type { Category, Severity } from "../domain/index.ts";

/** How scripted agents describe one kind of defect. `{subject}` is replaced by an identifier. */
export interface DefectKind {
  readonly category: Category;
  readonly severity: Severity;
  /** Different wordings of the same problem, as different models would write them. */
  readonly phrasings: readonly string[];
}

/**
 * The defect kinds of the evaluation set. Phrasings of one kind share a few words, the way two
 * models describing one bug usually do, but not all of them: clustering has to cope with that.
 */
export const defectKinds: Readonly<Record<string, DefectKind>> = {
  "off-by-one": {
    category: "bug",
    severity: "major",
    phrasings: [
      "Off-by-one: {subject} is indexed one past its end",
      "Loop bound on {subject} is off by one",
      "The {subject} boundary check is off by one and goes out of range",
      "This reads past the end of {subject} (off-by-one)",
    ],
  },
  "null-dereference": {
    category: "bug",
    severity: "major",
    phrasings: [
      "{subject} may be null here and is dereferenced without a check",
      "Possible null dereference of {subject}",
      "Missing null check: {subject} can be undefined",
    ],
  },
  "sql-injection": {
    category: "security",
    severity: "critical",
    phrasings: [
      "SQL injection: {subject} is interpolated into the query",
      "User input {subject} is concatenated into SQL; use query parameters",
      "Query built from {subject} with string formatting allows SQL injection",
    ],
  },
  "command-injection": {
    category: "security",
    severity: "critical",
    phrasings: [
      "Command injection: {subject} is passed to a shell",
      "{subject} reaches a shell command unescaped, allowing injection",
      "Shell command built from {subject} can run arbitrary commands",
    ],
  },
  "path-traversal": {
    category: "security",
    severity: "critical",
    phrasings: [
      "Path traversal: {subject} can contain ../ and escape the directory",
      "{subject} from the request is joined into a file path without validation",
      "Unvalidated {subject} allows reading files outside the upload directory",
    ],
  },
  "hardcoded-secret": {
    category: "security",
    severity: "major",
    phrasings: [
      "Hard-coded secret {subject} committed in source",
      "{subject} is a credential stored in the code; load it from the environment",
      "Secret value {subject} should not be hard-coded",
    ],
  },
  "missing-await": {
    category: "bug",
    severity: "major",
    phrasings: [
      "Missing await on {subject}: errors are lost",
      "{subject} returns a promise that is not awaited",
      "Call to {subject} is not awaited, so the function returns before it finishes",
    ],
  },
  "unchecked-error": {
    category: "error-handling",
    severity: "major",
    phrasings: [
      "Error from {subject} is ignored",
      "The error returned by {subject} is discarded",
      "Unchecked error: {subject} can fail and the failure is dropped",
    ],
  },
  "swallowed-exception": {
    category: "error-handling",
    severity: "major",
    phrasings: [
      "Exception is swallowed silently in {subject}",
      "Empty {subject} block hides every error",
      "Errors are caught and ignored by {subject}; at least log them",
    ],
  },
  "resource-leak": {
    category: "bug",
    severity: "major",
    phrasings: [
      "{subject} is never closed: resource leak",
      "Resource leak: {subject} stays open",
      "File handle leak around {subject}; close it when done",
    ],
  },
  "race-condition": {
    category: "bug",
    severity: "critical",
    phrasings: [
      "Data race: {subject} is written concurrently",
      "Concurrent writes to {subject} without a lock",
      "{subject} is accessed concurrently without synchronization (race)",
    ],
  },
  "quadratic-loop": {
    category: "performance",
    severity: "minor",
    phrasings: [
      "{subject} lookup inside the loop is quadratic",
      "O(n^2): searching {subject} on every iteration; use a set",
      "Quadratic time from scanning {subject} in the loop",
    ],
  },
  "mutable-default-argument": {
    category: "bug",
    severity: "major",
    phrasings: [
      "Mutable default argument {subject} is shared between calls",
      "Default value of {subject} is created once and reused across calls",
      "{subject} default dict persists between calls; default to None",
    ],
  },
  "division-by-zero": {
    category: "bug",
    severity: "major",
    phrasings: [
      "Division by zero when {subject} is empty",
      "{subject} can be empty, dividing by zero",
      "Zero division if there are no {subject}",
    ],
  },
  "wrong-comparison": {
    category: "bug",
    severity: "major",
    phrasings: [
      "{subject} compared with is instead of ==",
      "Identity comparison on {subject}; use equality",
      "Comparing {subject} by identity is wrong for strings",
    ],
  },
  "timing-attack": {
    category: "security",
    severity: "minor",
    phrasings: [
      "Comparison of {subject} is not constant-time",
      "Timing attack: compare {subject} in constant time",
      "{subject} check leaks timing information",
    ],
  },
  "nil-map": {
    category: "bug",
    severity: "critical",
    phrasings: [
      "{subject} map is nil and writing to it panics",
      "Nil map: {subject} is never initialised with make",
      "Writing to the uninitialised {subject} map will panic",
    ],
  },
};

/** Reasons scripted agents give when they judge a place correct. */
export const clearancePhrasings: readonly string[] = [
  "{subject} is handled correctly here",
  "This use of {subject} is safe",
  "{subject} is checked before it is used",
];

/** The kind's description, or a generic bug for kinds this table does not know. */
export function describeKind(kind: string): DefectKind {
  return (
    defectKinds[kind] ?? {
      category: "bug",
      severity: "major",
      phrasings: [`${kind.replace(/-/g, " ")} involving {subject}`],
    }
  );
}

export function fillPhrasing(phrasing: string, subject: string): string {
  const text = phrasing.replace(/\{subject\}/g, subject);
  return text.charAt(0).toUpperCase() + text.slice(1);
}
