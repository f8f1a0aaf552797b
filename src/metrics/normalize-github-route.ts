/** Path segments after `/repos/{owner}/{repo}/` whose rest is one free-form parameter. */
const freeFormTails: readonly (readonly [prefix: string, placeholder: string])[] = [
  ["contents", "{path}"],
  ["git/ref", "{ref}"],
  ["git/refs", "{ref}"],
  ["branches", "{branch}"],
  ["compare", "{basehead}"],
];

/**
 * The route of a GitHub API request as a bounded label. A call through a route template keeps it
 * (`/repos/{owner}/{repo}/pulls/{pull_number}`); a literal URL (pagination sends one) is reduced
 * to placeholders, so no repository name, number or SHA starts a series of its own:
 * `/repos/{owner}/{repo}/pulls/{id}/files`.
 */
export function normalizeGitHubRoute(url: string, baseUrl = ""): string {
  let path = baseUrl !== "" && url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
  if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
  path = path.split("?")[0] ?? "";
  if (!path.startsWith("/")) path = `/${path}`;
  if (path.includes("{")) return path;

  const segments = path.split("/").slice(1);
  const head: string[] = [];
  if (segments[0] === "repos" && segments.length >= 3) {
    head.push("repos", "{owner}", "{repo}");
    segments.splice(0, 3);
    const rest = segments.join("/");
    for (const [prefix, placeholder] of freeFormTails) {
      if (rest.startsWith(`${prefix}/`)) return `/${[...head, prefix, placeholder].join("/")}`;
    }
  } else if ((segments[0] === "users" || segments[0] === "orgs") && segments.length >= 2) {
    head.push(segments[0], segments[0] === "users" ? "{username}" : "{org}");
    segments.splice(0, 2);
  }
  const tail = segments.map((segment) => {
    if (/^\d+$/.test(segment)) return "{id}";
    if (/^[0-9a-f]{40}$/i.test(segment)) return "{sha}";
    return segment;
  });
  return `/${[...head, ...tail].join("/")}`;
}
