import { describe, expect, it } from "vitest";
import { chooseRequestLogLevel } from "../../src/cli/choose-request-log-level.ts";

describe("chooseRequestLogLevel (Probot's request log)", () => {
  it("keeps Prometheus scrapes and health checks out of the info log", () => {
    expect(chooseRequestLogLevel({ url: "/metrics" }, { statusCode: 200 })).toBe("debug");
    expect(chooseRequestLogLevel({ url: "/ping?x=1" }, { statusCode: 200 })).toBe("debug");
    expect(chooseRequestLogLevel({ url: "/api/github/webhooks" }, { statusCode: 200 })).toBe("info");
  });

  it("logs refusals as warnings and failures as errors, whatever the path", () => {
    expect(chooseRequestLogLevel({ url: "/quorum/status" }, { statusCode: 401 })).toBe("warn");
    expect(chooseRequestLogLevel({ url: "/metrics" }, { statusCode: 500 })).toBe("error");
    expect(chooseRequestLogLevel({ url: "/metrics" }, { statusCode: 200 }, new Error("socket"))).toBe(
      "error",
    );
  });
});
