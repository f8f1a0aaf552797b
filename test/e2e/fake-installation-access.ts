import type nock from "nock";
import { fixtureRepo, installationId } from "../helpers/pull-request-fixture.ts";

/** The fixture repository's REST path, `/repos/Codertocat/Hello-World`. */
export const repoPath = `/repos/${fixtureRepo.owner}/${fixtureRepo.repo}`;

/**
 * What every delivery to the fixture repository starts with: installation tokens (up to `tokens`;
 * Probot caches them, so they are optional) and its missing `.github/quorum.yml`, looked for in the
 * repository and then in the owner's `.github` repository.
 */
export function fakeInstallationAccess(api: nock.Scope, options: { readonly tokens: number }): nock.Scope {
  return api
    .post(`/app/installations/${installationId}/access_tokens`)
    .optionally()
    .times(options.tokens)
    .reply(201, { token: "ghs_testtoken", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
    .get(`${repoPath}/contents/.github%2Fquorum.yml`)
    .reply(404, { message: "Not Found" })
    .get(`/repos/${fixtureRepo.owner}/.github/contents/.github%2Fquorum.yml`)
    .reply(404, { message: "Not Found" });
}
