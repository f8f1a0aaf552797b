import { RequestError } from "@octokit/request-error";
import type { ApplicationFunction, Context, Probot } from "probot";
import { parseRepoConfig, type ParsedRepoConfig } from "./config/index.ts";
import { enqueuePrepare, type ReviewQueues } from "./queue/index.ts";
import { decidePullRequestReview, reviewedActions } from "./triggers/index.ts";

export interface AppDependencies {
  readonly queues: ReviewQueues;
}

const configFile = "quorum.yml";

async function readRepoConfig(context: Context<"pull_request">): Promise<ParsedRepoConfig> {
  let raw: unknown;
  try {
    raw = await context.config(configFile);
  } catch (error) {
    // An HTTP failure is GitHub's problem: fail the delivery so it is retried. Anything else is
    // the file's content (not YAML, not a mapping): review with the defaults and say why.
    if (error instanceof RequestError || !(error instanceof Error)) throw error;
    return { ...parseRepoConfig(null), problems: [{ field: "(file)", message: error.message }] };
  }
  return parseRepoConfig(raw);
}

/**
 * The Probot app: the web side only decides and enqueues. The webhook is answered after Redis has
 * stored the job (Probot awaits this handler), so a 2xx means the review will happen.
 */
export function createQuorumApp({ queues }: AppDependencies): ApplicationFunction {
  return (app: Probot) => {
    app.on(
      reviewedActions.map((action) => `pull_request.${action}` as const),
      async (context) => {
        const decision = decidePullRequestReview(context.payload);
        const log = context.log.child({
          delivery: context.id,
          repo: context.payload.repository.full_name,
          pr: context.payload.pull_request.number,
        });
        if (!decision.review) {
          log.debug({ why: decision.why }, "not reviewing");
          return;
        }
        const { config, problems } = await readRepoConfig(context);
        if (!config.review.enabled) {
          log.info("review disabled by .github/quorum.yml");
          return;
        }
        const { jobId, created } = await enqueuePrepare(queues, {
          deliveryId: context.id,
          pr: decision.pr,
          trigger: decision.action,
          config,
          configProblems: problems,
        });
        log.info(
          { job: jobId, created, head: decision.pr.headSha },
          created ? "review queued" : "delivery already queued",
        );
      },
    );
  };
}
