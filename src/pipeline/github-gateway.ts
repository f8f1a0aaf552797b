import type { Octokit } from "../github/index.ts";

/** How workers get an installation-authenticated client; in production Probot's `auth()`. */
export interface GitHubGateway {
  forInstallation(installationId: number): Promise<Octokit>;
}
