import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import {
  PublishError,
  checkRunName,
  completeCheckRun,
  createCheckRun,
  gitHubTextLimit,
  updateCheckRun,
} from "../../src/publish/index.ts";
import { startFakeGitHub } from "../helpers/openapi-fake-github.ts";

afterEach(() => {
  nock.cleanAll();
});

const repo = { owner: "octo", repo: "app" };

describe("check runs", () => {
  it("creates, updates and completes one check run with bodies GitHub accepts", async () => {
    const github = await startFakeGitHub();
    github.api
      .post("/repos/octo/app/check-runs")
      .reply(201, { id: 42 })
      .patch("/repos/octo/app/check-runs/42")
      .twice()
      .reply(200, { id: 42 });

    const { id } = await createCheckRun(github.octokit, {
      ...repo,
      headSha: "0123456789abcdef0123456789abcdef01234567",
      externalId: "run-7",
      title: "Reviewing",
      summary: "3 reviewers started",
    });
    await updateCheckRun(github.octokit, {
      ...repo,
      checkRunId: id,
      title: "Reviewing",
      summary: "2 of 3 done",
    });
    await completeCheckRun(github.octokit, {
      ...repo,
      checkRunId: id,
      conclusion: "neutral",
      title: "2 findings",
      summary: "Done",
      text: "Details",
    });

    expect(id).toBe(42);
    github.assertDone();
    const [created] = github.recorder.requestsTo("POST", "/repos/{owner}/{repo}/check-runs");
    expect(created?.body).toMatchObject({
      name: checkRunName,
      head_sha: "0123456789abcdef0123456789abcdef01234567",
      external_id: "run-7",
      status: "in_progress",
      output: { title: "Reviewing", summary: "3 reviewers started" },
    });
    const [update, completion] = github.recorder.requestsTo(
      "PATCH",
      "/repos/{owner}/{repo}/check-runs/{check_run_id}",
    );
    expect(update?.body).not.toHaveProperty("conclusion");
    expect(completion?.body).toMatchObject({
      status: "completed",
      conclusion: "neutral",
      output: { title: "2 findings", summary: "Done", text: "Details" },
    });
  });

  it("truncates an over-long summary and text to GitHub's limit with a note", async () => {
    const github = await startFakeGitHub();
    github.api.patch("/repos/octo/app/check-runs/5").reply(200, { id: 5 });
    const long = Array.from({ length: 20_000 }, (_, index) => `finding ${index}`).join("\n");

    await completeCheckRun(github.octokit, {
      ...repo,
      checkRunId: 5,
      conclusion: "success",
      title: "Many findings",
      summary: long,
      text: long,
    });

    github.assertDone();
    const [request] = github.recorder.requests;
    const output = (request?.body as { output: { summary: string; text: string } }).output;
    expect(output.summary.length).toBeLessThanOrEqual(gitHubTextLimit);
    expect(output.summary).toMatch(/truncated: \d+ more characters not shown\)$/);
    expect(output.summary.startsWith("finding 0\nfinding 1\n")).toBe(true);
    expect(output.text.length).toBeLessThanOrEqual(gitHubTextLimit);
  });

  it("turns a failed write into a PublishError that says whether to retry", async () => {
    const github = await startFakeGitHub();
    github.api
      .post("/repos/octo/app/check-runs")
      .reply(500, { message: "Server Error" })
      .patch("/repos/octo/app/check-runs/9")
      .reply(404, { message: "Not Found" });

    const creating = createCheckRun(github.octokit, {
      ...repo,
      headSha: "abc",
      externalId: "run-1",
      title: "t",
      summary: "s",
    });
    await expect(creating).rejects.toBeInstanceOf(PublishError);
    await expect(creating).rejects.toMatchObject({ retryable: true, status: 500 });

    const updating = updateCheckRun(github.octokit, { ...repo, checkRunId: 9, title: "t", summary: "s" });
    await expect(updating).rejects.toMatchObject({ name: "PublishError", retryable: false, status: 404 });
    github.assertDone();
  });
});
