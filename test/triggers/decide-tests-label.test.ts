import examples from "@octokit/webhooks-examples";
import { describe, expect, it } from "vitest";
import { decideTestsLabel, type PullRequestLabeledPayload } from "../../src/triggers/index.ts";

interface ExampleGroup {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

/** The example's fields the tests change. */
interface LabeledExample {
  label: { name: string };
  sender: { type: string; login: string };
  installation?: { id: number };
  pull_request: {
    number: number;
    state: string;
    head: { sha: string; repo: { full_name: string } | null };
    base: { repo: { full_name: string } };
  };
}

/** GitHub's own `pull_request.labeled` example, as the decision reads it. */
function labeledPayload(
  change: (payload: LabeledExample) => void = () => undefined,
): PullRequestLabeledPayload {
  const group = (examples as unknown as ExampleGroup[]).find((e) => e.name === "pull_request");
  const payload = structuredClone(
    group?.examples.find((e) => e.action === "labeled"),
  ) as unknown as LabeledExample;
  payload.label.name = "quorum:tests";
  payload.installation = { id: 4242 };
  payload.pull_request.state = "open";
  payload.pull_request.head.repo = { ...payload.pull_request.base.repo };
  change(payload);
  return payload;
}

describe("decideTestsLabel", () => {
  it("asks for tests on the labelled head of an open same-repository pull request", () => {
    const payload = labeledPayload();
    expect(decideTestsLabel(payload, "quorum:tests")).toEqual({
      tests: true,
      pullNumber: payload.pull_request.number,
      headSha: payload.pull_request.head.sha,
      installationId: 4242,
    });
  });

  it("uses the repository's label name", () => {
    expect(decideTestsLabel(labeledPayload(), "needs-tests")).toMatchObject({
      tests: false,
      why: "another label",
    });
    const custom = labeledPayload((p) => (p.label.name = "needs-tests"));
    expect(decideTestsLabel(custom, "needs-tests")).toMatchObject({ tests: true });
  });

  it("ignores bots, closed pull requests and events without an installation, without a word", () => {
    const cases = [
      labeledPayload((p) => (p.sender.type = "Bot")),
      labeledPayload((p) => (p.pull_request.state = "closed")),
      labeledPayload((p) => delete p.installation),
    ];
    expect(cases.map((payload) => decideTestsLabel(payload, "quorum:tests"))).toEqual([
      { tests: false, why: expect.stringMatching(/is a bot$/), explain: false },
      { tests: false, why: "pull request is closed", explain: false },
      { tests: false, why: "event has no installation", explain: false },
    ]);
  });

  it("declines a fork's pull request (or one whose fork is gone) and says it should explain", () => {
    const fork = labeledPayload((p) => (p.pull_request.head.repo = { full_name: "mallory/Hello-World" }));
    const gone = labeledPayload((p) => (p.pull_request.head.repo = null));
    for (const payload of [fork, gone]) {
      expect(decideTestsLabel(payload, "quorum:tests")).toEqual({
        tests: false,
        why: "the pull request comes from a fork",
        explain: true,
      });
    }
  });
});
