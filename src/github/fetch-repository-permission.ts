import { classifyGitHubError } from "./classify-github-error.ts";
import type { Octokit } from "./octokit.ts";

/** A user's role on a repository, strongest first. */
export const repositoryPermissions = ["admin", "maintain", "write", "triage", "read", "none"] as const;
export type RepositoryPermission = (typeof repositoryPermissions)[number];

/** The roles that may push to the repository; commands that write or spend compute need one. */
const writeRoles: ReadonlySet<RepositoryPermission> = new Set(["admin", "maintain", "write"]);

export class PermissionLookupError extends Error {
  override readonly name = "PermissionLookupError";
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(username: string, options: { cause: unknown }) {
    const classified = classifyGitHubError(options.cause);
    super(
      `could not look up ${username}'s permission (${classified.status === undefined ? "no response" : `HTTP ${classified.status}`})`,
      options,
    );
    this.retryable = classified.retryable;
    this.status = classified.status;
  }
}

export interface RepositoryPermissionRequest {
  readonly owner: string;
  readonly repo: string;
  readonly username: string;
}

/**
 * The user's effective role on the repository from the collaborator-permission API, the only
 * source Quorum trusts: `author_association` describes a relationship, not a permission. A custom
 * role counts as its base role; an answer we do not recognise counts as `none`. A 404 (not a
 * collaborator, or no such user) is `none`; any other failure throws PermissionLookupError and
 * the caller must refuse.
 */
export async function fetchRepositoryPermission(
  octokit: Octokit,
  request: RepositoryPermissionRequest,
): Promise<RepositoryPermission> {
  let data: { permission?: unknown; role_name?: unknown };
  try {
    const response = await octokit.rest.repos.getCollaboratorPermissionLevel({
      owner: request.owner,
      repo: request.repo,
      username: request.username,
    });
    data = response.data;
  } catch (error) {
    if (classifyGitHubError(error).status === 404) return "none";
    throw new PermissionLookupError(request.username, { cause: error });
  }
  return toPermission(data.role_name) ?? toPermission(data.permission) ?? "none";
}

/** Whether the role may push, which is what writes and heavy compute require. */
export function canWrite(permission: RepositoryPermission): boolean {
  return writeRoles.has(permission);
}

function toPermission(value: unknown): RepositoryPermission | undefined {
  return repositoryPermissions.find((p) => p === value);
}
