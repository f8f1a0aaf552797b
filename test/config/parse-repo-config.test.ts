import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseRepoConfig, readEnvironment } from "../../src/config/index.ts";

describe("parseRepoConfig (.github/quorum.yml)", () => {
  it("applies every documented default to a missing file", () => {
    const { config, problems } = parseRepoConfig(null);
    expect(problems).toEqual([]);
    expect(config.review).toMatchObject({
      enabled: true,
      reviewers: 3,
      quorum: "majority",
      minSeverity: "minor",
    });
    expect(config.commands.prefix).toBe("/quorum");
    expect(config.labels).toEqual({ fix: "quorum:fix", tests: "quorum:tests" });
  });

  it("keeps valid fields and names each bad one, which falls back to its default", () => {
    const raw = parse(
      "review:\n  reviewers: many\n  quorum: 2\n  minSeverity: catastrophic\ncommands:\n  prefix: quorum\n",
    );
    const { config, problems } = parseRepoConfig(raw);
    expect(config.review.reviewers).toBe(3);
    expect(config.review.quorum).toBe(2);
    expect(config.review.minSeverity).toBe("minor");
    expect(config.commands.prefix).toBe("/quorum");
    expect(problems.map((p) => p.field).sort()).toEqual([
      "commands.prefix",
      "review.minSeverity",
      "review.reviewers",
    ]);
  });

  it("reports unknown options by name instead of silently ignoring a typo", () => {
    const { config, problems } = parseRepoConfig({ review: { reviewer: 5 } });
    expect(config.review.reviewers).toBe(3);
    expect(problems).toEqual([{ field: "review", message: "unknown option(s): reviewer" }]);
  });

  it("removes only the bad items of a list", () => {
    const { config, problems } = parseRepoConfig({ review: { ignore: ["docs/**", 7, "", "*.snap"] } });
    expect(config.review.ignore).toEqual(["docs/**", "*.snap"]);
    expect(problems.map((p) => p.field).sort()).toEqual(["review.ignore[1]", "review.ignore[2]"]);
  });

  it("rejects a file that is not a mapping, and uses the defaults", () => {
    const { config, problems } = parseRepoConfig(["review"]);
    expect(config.review.reviewers).toBe(3);
    expect(problems[0]?.field).toBe("(root)");
  });
});

describe("readEnvironment", () => {
  it("defaults REDIS_URL and QUORUM_POOL", () => {
    expect(readEnvironment({})).toMatchObject({
      REDIS_URL: "redis://127.0.0.1:6379",
      QUORUM_POOL: "models/pool.yml",
      QUORUM_QUEUE_PREFIX: "quorum",
    });
  });

  it("names the bad variable", () => {
    expect(() => readEnvironment({ REDIS_URL: "not a url" })).toThrow(/REDIS_URL/);
  });
});
