/** github.com, or the GitHub Enterprise Server Probot talks to (GHE_HOST, GHE_PROTOCOL). */
export function readGitHubWebUrl(env: NodeJS.ProcessEnv): string {
  return env.GHE_HOST ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}` : "https://github.com";
}

/** `https://github.com/{owner}/{repo}/{section}/{id}`, e.g. a pull request, an issue or a check run. */
export function buildGitHubLink(
  baseUrl: string,
  target: { readonly owner: string; readonly repo: string },
  section: "pull" | "issues" | "runs",
  id: number,
): string {
  return `${baseUrl}/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/${section}/${id}`;
}
