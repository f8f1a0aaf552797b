import { classifyGitHubError, type Octokit } from "../github/index.ts";
import { fitGitHubText } from "./fit-github-text.ts";
import type { InlineComment } from "./inline-comment.ts";
import { PublishError, callGitHub } from "./publish-error.ts";

/**
 * The only review event Quorum sends. Approving or requesting changes is a human decision, so
 * neither the request type nor this module can express anything else.
 */
const reviewEvent = "COMMENT" as const;

export interface ReviewRequest {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  /** The head commit the findings were made on; comments anchor to it even if the PR moves on. */
  readonly commitId: string;
  readonly body: string;
  readonly comments: readonly InlineComment[];
}

export interface PostedReview {
  readonly id: number;
  /** How many comments GitHub took inline; 0 when they had to be folded into the body. */
  readonly inlineComments: number;
}

/** Heading under which inline comments GitHub refused are appended to the review body. */
export const unplacedCommentsHeading = "### Comments that could not be placed inline";

/**
 * Posts one review with event `COMMENT`. When GitHub answers 422 (typically a line it will not
 * anchor a comment to), the review is posted once more without inline comments and their text
 * appended to the body, so nothing is lost. Other failures throw a PublishError.
 */
export async function postReview(octokit: Octokit, request: ReviewRequest): Promise<PostedReview> {
  try {
    const id = await createReview(octokit, request, request.body, request.comments);
    return { id, inlineComments: request.comments.length };
  } catch (error) {
    if (request.comments.length === 0 || classifyGitHubError(error).status !== 422) {
      throw new PublishError("create review", { cause: error });
    }
  }
  const body = `${request.body}\n\n${unplacedCommentsHeading}\n\n${request.comments.map(renderUnplaced).join("\n\n")}`;
  const id = await callGitHub("create review without inline comments", () =>
    createReview(octokit, request, body, []),
  );
  return { id, inlineComments: 0 };
}

async function createReview(
  octokit: Octokit,
  request: ReviewRequest,
  body: string,
  comments: readonly InlineComment[],
): Promise<number> {
  const response = await octokit.rest.pulls.createReview({
    owner: request.owner,
    repo: request.repo,
    pull_number: request.pullNumber,
    commit_id: request.commitId,
    event: reviewEvent,
    body: fitGitHubText(body),
    ...(comments.length === 0
      ? {}
      : {
          comments: comments.map((comment) => ({
            path: comment.path,
            line: comment.line,
            side: comment.side,
            body: fitGitHubText(comment.body),
          })),
        }),
  });
  return response.data.id;
}

function renderUnplaced(comment: InlineComment): string {
  return `**${codeSpan(comment.path)} line ${comment.line}**\n\n${comment.body}`;
}

/** A code span that survives backticks inside the text. */
function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
