import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import {
  canWrite,
  fetchRepositoryPermission,
  PermissionLookupError,
  type RepositoryPermission,
} from "../../src/github/index.ts";
import { startFakeGitHub } from "../helpers/openapi-fake-github.ts";

afterEach(() => {
  nock.cleanAll();
});

const path = "/repos/octo/app/collaborators/mona/permission";
const request = { owner: "octo", repo: "app", username: "mona" };

function answer(permission: string, roleName: string): Record<string, unknown> {
  return { permission, role_name: roleName, user: { login: "mona", id: 1 } };
}

describe("fetchRepositoryPermission", () => {
  const cases: [string, string, RepositoryPermission, boolean][] = [
    ["admin", "admin", "admin", true],
    ["write", "maintain", "maintain", true],
    ["write", "write", "write", true],
    ["read", "triage", "triage", false],
    ["read", "read", "read", false],
    ["none", "", "none", false],
    // A custom role counts as its base role.
    ["write", "release-manager", "write", true],
    ["read", "security-auditor", "read", false],
    // An answer we do not recognise grants nothing.
    ["superuser", "superuser", "none", false],
  ];
  for (const [permission, roleName, expected, writes] of cases) {
    it(`reads permission=${permission} role_name=${roleName || '""'} as ${expected}`, async () => {
      const github = await startFakeGitHub();
      github.api.get(path).reply(200, answer(permission, roleName));
      const found = await fetchRepositoryPermission(github.octokit, request);
      expect(found).toBe(expected);
      expect(canWrite(found)).toBe(writes);
      github.assertDone();
    });
  }

  it("treats 404 (not a collaborator, or no such user) as no permission", async () => {
    const github = await startFakeGitHub();
    github.api.get(path).reply(404, { message: "Not Found" });
    expect(await fetchRepositoryPermission(github.octokit, request)).toBe("none");
    github.assertDone();
  });

  it("throws a typed error when GitHub fails, so the caller can refuse", async () => {
    const github = await startFakeGitHub();
    github.api.get(path).reply(500, { message: "Server Error" });
    const error = await fetchRepositoryPermission(github.octokit, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionLookupError);
    expect(error).toMatchObject({ status: 500, retryable: true });
    github.assertDone();
  });

  it("throws when GitHub refuses the app (no metadata permission)", async () => {
    const github = await startFakeGitHub();
    github.api.get(path).reply(403, { message: "Resource not accessible by integration" });
    await expect(fetchRepositoryPermission(github.octokit, request)).rejects.toMatchObject({
      name: "PermissionLookupError",
      status: 403,
      retryable: false,
    });
  });
});
