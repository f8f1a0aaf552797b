import nock from "nock";
import { recordGitHubRequests, type GitHubRequestRecorder } from "../helpers/openapi-recorder.ts";
import { fakeCommentEdits, type CommentEdit } from "./fake-comment-edits.ts";
import { fakeInstallationAccess } from "../helpers/fake-installation-access.ts";
import { repoPath } from "../helpers/pull-request-fixture.ts";

export interface LabelGitHub {
  readonly api: nock.Scope;
  /** Every request, checked against GitHub's OpenAPI description. */
  readonly recorder: GitHubRequestRecorder;
  /** Bodies of the comments Quorum posted on the issue or pull request, in order. */
  readonly comments: string[];
  /** Edits of those comments (a job's progress comment), in order. */
  readonly edits: CommentEdit[];
}

/**
 * GitHub for a label that Codertocat puts on issue or pull request `number` of the fixture
 * repository: installation access, Codertocat's `permission` (with `role`, default the same; none
 * when undefined: the label must be declined before it is read), and the comments Quorum posts
 * (ids 501, 502, …: a job's progress comment, then its report) and edits there (optional: a test
 * that expects them asserts them).
 */
export async function fakeLabelGitHub(options: {
  readonly number: number;
  readonly permission?: string | undefined;
  readonly role?: string | undefined;
}): Promise<LabelGitHub> {
  const api = nock("https://api.github.com");
  const recorder = await recordGitHubRequests(api);
  const comments: string[] = [];
  fakeInstallationAccess(api, { tokens: 2 })
    .post(`${repoPath}/issues/${options.number}/comments`)
    .optionally()
    .times(2)
    .reply(201, (_uri, body) => {
      comments.push((body as { body: string }).body);
      return { id: 500 + comments.length };
    });
  const { permission } = options;
  if (permission !== undefined)
    api.get(`${repoPath}/collaborators/Codertocat/permission`).reply(200, {
      permission,
      role_name: options.role ?? permission,
      user: { login: "Codertocat" },
    });
  return { api, recorder, comments, edits: fakeCommentEdits(api) };
}
