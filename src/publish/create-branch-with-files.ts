import { classifyGitHubError, type Octokit } from "../github/index.ts";
import { callGitHub, PublishError } from "./publish-error.ts";

export interface BranchFilesRequest {
  readonly owner: string;
  readonly repo: string;
  /** The commit the new commit builds on. */
  readonly baseSha: string;
  /** Wanted branch name without `refs/heads/`; `-2`, `-3`… are appended when it is taken. */
  readonly branch: string;
  readonly message: string;
  readonly files: readonly { readonly path: string; readonly after: string; readonly mode: string }[];
}

export interface CreatedBranch {
  readonly branch: string;
  readonly commitSha: string;
  /** False when an earlier attempt of the same job had already created this exact branch. */
  readonly created: boolean;
}

/** Branch names tried before giving up: the wanted one, then `-2` … `-5`. */
const maxNameAttempts = 5;

/**
 * Commits `files` on top of `baseSha` and points a NEW branch at the commit, through the Git Data
 * API (blobs, tree, commit, ref). It never moves an existing ref: when the name is taken by a
 * branch with the same content (a retried job), that branch is reused; otherwise the next free
 * suffix is used. Nothing is ever force-pushed.
 */
export async function createBranchWithFiles(
  octokit: Octokit,
  request: BranchFilesRequest,
): Promise<CreatedBranch> {
  const { owner, repo } = request;
  const tree: { path: string; mode: "100644" | "100755"; type: "blob"; sha: string }[] = [];
  for (const file of request.files) {
    const blob = await callGitHub("create blob", () =>
      octokit.rest.git.createBlob({
        owner,
        repo,
        content: Buffer.from(file.after, "utf8").toString("base64"),
        encoding: "base64",
      }),
    );
    tree.push({
      path: file.path,
      mode: file.mode === "100755" ? ("100755" as const) : ("100644" as const),
      type: "blob" as const,
      sha: blob.data.sha,
    });
  }
  const base = await callGitHub("get base commit", () =>
    octokit.rest.git.getCommit({ owner, repo, commit_sha: request.baseSha }),
  );
  const newTree = await callGitHub("create tree", () =>
    octokit.rest.git.createTree({ owner, repo, base_tree: base.data.tree.sha, tree }),
  );
  const commit = await callGitHub("create commit", () =>
    octokit.rest.git.createCommit({
      owner,
      repo,
      message: request.message,
      tree: newTree.data.sha,
      parents: [request.baseSha],
    }),
  );

  for (let attempt = 1; attempt <= maxNameAttempts; attempt += 1) {
    const branch = attempt === 1 ? request.branch : `${request.branch}-${attempt}`;
    try {
      await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
      return { branch, commitSha: commit.data.sha, created: true };
    } catch (error) {
      // 422: the ref exists. Anything else is a real failure.
      if (classifyGitHubError(error).status !== 422)
        throw new PublishError("create branch", { cause: error });
    }
    const existing = await callGitHub("read existing branch", () =>
      octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }),
    );
    const existingCommit = await callGitHub("read existing branch commit", () =>
      octokit.rest.git.getCommit({ owner, repo, commit_sha: existing.data.object.sha }),
    );
    const sameChange =
      existingCommit.data.tree.sha === newTree.data.sha &&
      existingCommit.data.parents.some((p) => p.sha === request.baseSha);
    if (sameChange) return { branch, commitSha: existingCommit.data.sha, created: false };
  }
  throw new PublishError("create branch", {
    cause: new Error(
      `the branch names ${request.branch} to ${request.branch}-${maxNameAttempts} are all taken`,
    ),
  });
}
