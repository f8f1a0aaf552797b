import { describe, expect, it } from "vitest";
import { EnvironmentError, readEnvironment } from "../../src/config/index.ts";
import { readStatusAccess, StatusAccessError } from "../../src/status/index.ts";

describe("readStatusAccess", () => {
  it("is off (undefined) unless a token or a user is configured", () => {
    expect(readStatusAccess(readEnvironment({}))).toBeUndefined();
  });

  it("reads a token, basic credentials, or both", () => {
    const token = "0123456789abcdef0123";
    expect(readStatusAccess(readEnvironment({ QUORUM_STATUS_TOKEN: token }))).toEqual({
      token,
      basic: undefined,
    });
    expect(
      readStatusAccess(
        readEnvironment({ QUORUM_STATUS_USER: "ops", QUORUM_STATUS_PASSWORD: "a long passphrase" }),
      ),
    ).toEqual({ token: undefined, basic: { user: "ops", password: "a long passphrase" } });
    expect(
      readStatusAccess(
        readEnvironment({
          QUORUM_STATUS_TOKEN: token,
          QUORUM_STATUS_USER: "ops",
          QUORUM_STATUS_PASSWORD: "a long passphrase",
        }),
      ),
    ).toEqual({ token, basic: { user: "ops", password: "a long passphrase" } });
  });

  it("names the missing half of the basic credentials", () => {
    expect(() => readStatusAccess(readEnvironment({ QUORUM_STATUS_USER: "ops" }))).toThrow(StatusAccessError);
    expect(() => readStatusAccess(readEnvironment({ QUORUM_STATUS_USER: "ops" }))).toThrow(
      /QUORUM_STATUS_USER is set without QUORUM_STATUS_PASSWORD/,
    );
    expect(() => readStatusAccess(readEnvironment({ QUORUM_STATUS_PASSWORD: "a long passphrase" }))).toThrow(
      /QUORUM_STATUS_PASSWORD is set without QUORUM_STATUS_USER/,
    );
  });

  it("rejects a guessable token or password, and a user name basic authentication cannot carry", () => {
    expect(() => readEnvironment({ QUORUM_STATUS_TOKEN: "short" })).toThrow(EnvironmentError);
    expect(() => readEnvironment({ QUORUM_STATUS_TOKEN: "short" })).toThrow(
      /QUORUM_STATUS_TOKEN: .*openssl rand/,
    );
    expect(() => readEnvironment({ QUORUM_STATUS_USER: "ops", QUORUM_STATUS_PASSWORD: "secret" })).toThrow(
      /QUORUM_STATUS_PASSWORD: use at least 12 characters/,
    );
    expect(() =>
      readEnvironment({ QUORUM_STATUS_USER: "a:b", QUORUM_STATUS_PASSWORD: "a long passphrase" }),
    ).toThrow(/QUORUM_STATUS_USER: .*':'/);
  });
});
