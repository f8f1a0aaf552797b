import { describe, expect, it } from "vitest";
import { decideStatusAccess, type StatusRequest } from "../../src/status/index.ts";

const token = "a-status-token-of-enough-length";
const both = { token, basic: { user: "ops", password: "correct horse battery" } };

function request(
  overrides: Partial<StatusRequest> & { headers?: StatusRequest["headers"] } = {},
): StatusRequest {
  return {
    method: "GET",
    url: "/quorum/status",
    secure: false,
    ...overrides,
    headers: overrides.headers ?? {},
  };
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/** The cookie the token becomes, as the browser would send it back. */
function cookieFor(access: { token: string }): string {
  const decision = decideStatusAccess(
    request({ url: `/quorum/status?token=${access.token}` }),
    access,
    "/quorum",
  );
  if (decision.kind !== "redirect") throw new Error(`expected a redirect, got ${decision.kind}`);
  return decision.cookie.split(";")[0]!;
}

describe("decideStatusAccess", () => {
  it("allows the right bearer token or basic credentials, and nothing else", () => {
    expect(
      decideStatusAccess(request({ headers: { authorization: `Bearer ${token}` } }), both, "/quorum"),
    ).toEqual({
      kind: "allow",
    });
    expect(
      decideStatusAccess(
        request({ headers: { authorization: basic("ops", "correct horse battery") } }),
        both,
        "/quorum",
      ),
    ).toEqual({
      kind: "allow",
    });
    for (const authorization of [
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      "Bearer",
      basic("ops", "wrong"),
      basic("root", "correct horse battery"),
      `Basic ${Buffer.from("no colon").toString("base64")}`,
      `Token ${token}`,
    ]) {
      expect(
        decideStatusAccess(request({ headers: { authorization } }), both, "/quorum").kind,
        authorization,
      ).toBe("deny");
    }
  });

  it("asks for basic credentials when they are configured, and for the token otherwise", () => {
    const withBasic = decideStatusAccess(request(), both, "/quorum");
    expect(withBasic).toMatchObject({
      kind: "deny",
      status: 401,
      headers: { "www-authenticate": expect.stringMatching(/^Basic /) },
    });
    const tokenOnly = decideStatusAccess(request(), { token }, "/quorum");
    expect(tokenOnly).toMatchObject({
      kind: "deny",
      status: 401,
      headers: { "www-authenticate": expect.stringMatching(/^Bearer /) },
    });
    if (tokenOnly.kind === "deny") expect(tokenOnly.message).toContain("?token=");
  });

  it("turns a valid ?token= into a cookie and an address without it, keeping the other parameters", () => {
    const decision = decideStatusAccess(
      request({ url: `/quorum/status?refresh=0&token=${token}` }),
      both,
      "/quorum",
    );
    expect(decision.kind).toBe("redirect");
    if (decision.kind !== "redirect") return;
    expect(decision.location).toBe("/quorum/status?refresh=0");
    expect(decision.cookie).toMatch(
      /^quorum_status=[0-9a-f]{64}; Path=\/quorum; Max-Age=\d+; HttpOnly; SameSite=Lax$/,
    );
    // The cookie is derived from the token, never the token itself.
    expect(decision.cookie).not.toContain(token);
    expect(
      decideStatusAccess(request({ url: `/quorum/status?token=${token}`, secure: true }), both, "/quorum"),
    ).toMatchObject({
      cookie: expect.stringMatching(/; Secure$/),
    });
    expect(decideStatusAccess(request({ url: "/quorum/status?token=guess" }), both, "/quorum").kind).toBe(
      "deny",
    );
  });

  it("accepts the cookie until the token changes, and refuses a forged one", () => {
    const cookie = cookieFor({ token });
    expect(
      decideStatusAccess(request({ headers: { cookie: `other=1; ${cookie}` } }), both, "/quorum").kind,
    ).toBe("allow");
    expect(
      decideStatusAccess(request({ headers: { cookie } }), { token: `${token}-rotated` }, "/quorum").kind,
    ).toBe("deny");
    expect(
      decideStatusAccess(request({ headers: { cookie: "quorum_status=00" } }), both, "/quorum").kind,
    ).toBe("deny");
    // Basic credentials alone issue no cookie.
    expect(decideStatusAccess(request({ headers: { cookie } }), { basic: both.basic }, "/quorum").kind).toBe(
      "deny",
    );
  });

  it("refuses writes another site makes with the browser's credentials", () => {
    const auth = { authorization: basic("ops", "correct horse battery"), host: "quorum.local:3000" };
    const write = (headers: Record<string, string>): StatusRequest =>
      request({
        method: "PUT",
        url: "/quorum/queues/api/queues/quorum-fix/pause",
        headers: { ...auth, ...headers },
      });
    expect(decideStatusAccess(write({ origin: "https://evil.example" }), both, "/quorum")).toMatchObject({
      kind: "deny",
      status: 403,
    });
    expect(decideStatusAccess(write({ "sec-fetch-site": "cross-site" }), both, "/quorum")).toMatchObject({
      kind: "deny",
      status: 403,
    });
    expect(decideStatusAccess(write({ origin: "not a url" }), both, "/quorum")).toMatchObject({
      kind: "deny",
      status: 403,
    });
    expect(
      decideStatusAccess(
        write({ origin: "http://quorum.local:3000", "sec-fetch-site": "same-origin" }),
        both,
        "/quorum",
      ).kind,
    ).toBe("allow");
    // A command-line client sends neither header.
    expect(decideStatusAccess(write({}), both, "/quorum").kind).toBe("allow");
    // Reading is not a write: a link from elsewhere still opens the page.
    expect(
      decideStatusAccess(request({ headers: { ...auth, "sec-fetch-site": "cross-site" } }), both, "/quorum")
        .kind,
    ).toBe("allow");
    // A token in the query string never authorises a write.
    expect(
      decideStatusAccess(request({ method: "PUT", url: `/quorum/queues/x?token=${token}` }), both, "/quorum")
        .kind,
    ).toBe("deny");
  });
});
