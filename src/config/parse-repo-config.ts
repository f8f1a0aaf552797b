import type { z } from "zod";
import { repoConfigSchema, type RepoConfig } from "./repo-config.ts";

export interface ConfigProblem {
  /** Dotted path of the offending field, e.g. `review.reviewers`. */
  readonly field: string;
  readonly message: string;
}

export interface ParsedRepoConfig {
  readonly config: RepoConfig;
  /** Empty when the file was valid. Each problem's field fell back to its default. */
  readonly problems: readonly ConfigProblem[];
}

const maxRepairRounds = 10;

/**
 * Validate a repository's `.github/quorum.yml` (already parsed from YAML). A bad field is reported
 * and replaced by its default, so one typo does not switch the whole review off.
 */
export function parseRepoConfig(raw: unknown): ParsedRepoConfig {
  if (raw === null || raw === undefined) return { config: repoConfigSchema.parse({}), problems: [] };
  if (!isRecord(raw)) {
    return {
      config: repoConfigSchema.parse({}),
      problems: [
        { field: "(root)", message: "expected a mapping of options, e.g. `review: { reviewers: 3 }`" },
      ],
    };
  }
  let candidate: Record<string, unknown> = structuredClone(raw);
  const problems: ConfigProblem[] = [];
  for (let round = 0; round < maxRepairRounds; round++) {
    const result = repoConfigSchema.safeParse(candidate);
    if (result.success) return { config: result.data, problems };
    // Last issue first, so removing an array element does not shift the ones still to remove.
    for (const issue of [...result.error.issues].reverse()) {
      problems.push({ field: formatPath(issue.path), message: describeIssue(issue) });
      candidate = removeOffendingValue(candidate, issue);
    }
  }
  return { config: repoConfigSchema.parse({}), problems };
}

function describeIssue(issue: z.ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown option(s): ${issue.keys.join(", ")}`;
  return issue.message;
}

function removeOffendingValue(root: Record<string, unknown>, issue: z.ZodIssue): Record<string, unknown> {
  if (issue.code === "unrecognized_keys") {
    const holder = getAt(root, issue.path);
    if (isRecord(holder)) for (const key of issue.keys) Reflect.deleteProperty(holder, key);
    return root;
  }
  // Drop the deepest removable value on the path; its default (or its parent's) then applies.
  for (let depth = issue.path.length; depth > 0; depth--) {
    const parent = getAt(root, issue.path.slice(0, depth - 1));
    const key = issue.path[depth - 1];
    if (isRecord(parent) && typeof key === "string" && key in parent) {
      Reflect.deleteProperty(parent, key);
      return root;
    }
    if (Array.isArray(parent) && typeof key === "number" && key < parent.length) {
      parent.splice(key, 1);
      return root;
    }
  }
  return {};
}

function getAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (isRecord(node) && typeof key === "string") node = node[key];
    else if (Array.isArray(node) && typeof key === "number") node = node[key];
    else return undefined;
  }
  return node;
}

function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(root)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
