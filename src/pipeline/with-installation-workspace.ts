import type { Logger } from "pino";
import type { Octokit } from "../github/index.ts";
import type { Workspace } from "../verify/index.ts";

/** Opens the repository cache for a clone URL with the installation token. */
export type OpenWorkspace = (input: {
  cloneUrl: string;
  token: string;
  logger: Logger;
}) => Promise<Workspace>;

/**
 * Runs `work` in the repository's workspace, opened with the installation's token, and disposes
 * the workspace afterwards whatever happens.
 */
export async function withInstallationWorkspace<T>(
  input: { openWorkspace: OpenWorkspace; octokit: Octokit; cloneUrl: string; logger: Logger },
  work: (workspace: Workspace) => Promise<T>,
): Promise<T> {
  const { token } = (await input.octokit.auth({ type: "installation" })) as { token: string };
  const workspace = await input.openWorkspace({ cloneUrl: input.cloneUrl, token, logger: input.logger });
  try {
    return await work(workspace);
  } finally {
    await workspace.dispose();
  }
}
