import type { ApplicationFunction, Probot } from "probot";
import { readRepoConfig, registerCommandHandlers, type CommandDependencies } from "./commands/index.ts";
import { enqueuePrepare } from "./queue/index.ts";
import { decidePullRequestReview, reviewedActions } from "./triggers/index.ts";

/** The queues, plus the optional `fix`/`tests` command workflows (see CommandDependencies). */
export type AppDependencies = CommandDependencies;

/**
 * The Probot app: the web side only decides and enqueues. The webhook is answered after Redis has
 * stored the job (Probot awaits this handler), so a 2xx means the review will happen.
 */
export function createQuorumApp(deps: AppDependencies): ApplicationFunction {
  const { queues } = deps;
  return (app: Probot) => {
    registerCommandHandlers(app, deps);
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
