import { RequestError } from "@octokit/request-error";
import type { Context } from "probot";
import { parseRepoConfig, type ParsedRepoConfig } from "../config/index.ts";

const configFile = "quorum.yml";

/** The events whose context can read the repository's `.github/quorum.yml`. */
export type RepoConfigContext = Pick<Context<"pull_request" | "issue_comment">, "config">;

/**
 * Reads and validates `.github/quorum.yml` at the default branch. An HTTP failure is GitHub's
 * problem: it is thrown so the delivery fails and can be retried. Anything else is the file's
 * content (not YAML, not a mapping, nested too deeply to parse): the defaults apply and the
 * problem is reported.
 */
export async function readRepoConfig(context: RepoConfigContext): Promise<ParsedRepoConfig> {
  let raw: unknown;
  try {
    raw = await context.config(configFile);
  } catch (error) {
    if (error instanceof RequestError || !(error instanceof Error)) throw error;
    return { ...parseRepoConfig(null), problems: [{ field: "(file)", message: error.message }] };
  }
  try {
    return parseRepoConfig(raw);
  } catch (error) {
    // A pathological document (e.g. thousands of nesting levels) can exhaust the stack while validating.
    if (!(error instanceof RangeError)) throw error;
    return {
      ...parseRepoConfig(null),
      problems: [{ field: "(file)", message: "the file is too deeply nested to read" }],
    };
  }
}
