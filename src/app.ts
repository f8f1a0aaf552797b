import type { ApplicationFunction, Probot } from "probot";
import {
  checkLabelPermission,
  createFixHook,
  createTestsHook,
  enqueuePullRequestTests,
  forkTestsReply,
  readRepoConfig,
  registerCommandHandlers,
  type CommandDependencies,
} from "./commands/index.ts";
import { postIssueComment } from "./publish/index.ts";
import { enqueueFix, enqueuePrepare } from "./queue/index.ts";
import {
  decideFixLabel,
  decidePullRequestReview,
  decideTestsLabel,
  reviewedActions,
} from "./triggers/index.ts";

/** The queues, plus the optional `fix`/`tests` command workflows (see CommandDependencies). */
export type AppDependencies = CommandDependencies;

/**
 * The Probot app: the web side only decides and enqueues. The webhook is answered after Redis has
 * stored the job (Probot awaits this handler), so a 2xx means the review will happen.
 */
export function createQuorumApp(deps: AppDependencies): ApplicationFunction {
  const { queues } = deps;
  return (app: Probot) => {
    registerCommandHandlers(app, {
      ...deps,
      onFix: deps.onFix ?? createFixHook(queues),
      onTests: deps.onTests ?? createTestsHook(queues),
    });
    app.on("issues.labeled", async (context) => {
      const { payload } = context;
      const log = context.log.child({
        delivery: context.id,
        repo: payload.repository.full_name,
        issue: payload.issue.number,
      });
      const { config, problems } = await readRepoConfig(context);
      const decision = decideFixLabel(payload, config.labels.fix);
      if (!decision.fix) {
        log.debug({ why: decision.why }, "not fixing");
        return;
      }
      const { owner, repo } = context.repo();
      const permitted = await checkLabelPermission(
        context.octokit,
        { owner, repo, issueNumber: payload.issue.number, login: payload.sender.login, work: "makes fixes" },
        log,
      );
      if (!permitted) return;
      const { jobId, created } = await enqueueFix(queues, {
        deliveryId: context.id,
        owner,
        repo,
        installationId: decision.installationId,
        cloneUrl: payload.repository.clone_url,
        defaultBranch: payload.repository.default_branch,
        issue: { number: payload.issue.number, title: payload.issue.title, body: payload.issue.body ?? "" },
        requestedBy: payload.sender.login,
        config,
      });
      log.info(
        { job: jobId, created, configProblems: problems.length },
        created ? "fix queued" : "fix already queued",
      );
    });
    app.on("pull_request.labeled", async (context) => {
      const { payload } = context;
      const log = context.log.child({
        delivery: context.id,
        repo: payload.repository.full_name,
        pr: payload.pull_request.number,
      });
      const { config, problems } = await readRepoConfig(context);
      const decision = decideTestsLabel(payload, config.labels.tests);
      const { owner, repo } = context.repo();
      if (!decision.tests) {
        log.debug({ why: decision.why }, "not writing tests");
        if (decision.explain)
          await postIssueComment(context.octokit, {
            owner,
            repo,
            issueNumber: payload.pull_request.number,
            body: forkTestsReply,
          });
        return;
      }
      const permitted = await checkLabelPermission(
        context.octokit,
        { owner, repo, issueNumber: decision.pullNumber, login: payload.sender.login, work: "writes tests" },
        log,
      );
      if (!permitted) return;
      const { jobId, created } = await enqueuePullRequestTests(queues, {
        octokit: context.octokit,
        owner,
        repo,
        pullNumber: decision.pullNumber,
        headSha: decision.headSha,
        deliveryId: context.id,
        installationId: decision.installationId,
        requestedBy: payload.sender.login,
        config,
      });
      log.info(
        { job: jobId, created, head: decision.headSha, configProblems: problems.length },
        created ? "tests queued" : "tests already queued",
      );
    });
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
