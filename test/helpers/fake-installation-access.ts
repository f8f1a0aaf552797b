import type nock from "nock";
import { fixtureRepo, installationId, repoPath } from "./pull-request-fixture.ts";

/**
 * What every delivery to the fixture repository starts with: installation tokens (up to `tokens`,
 * default 1; Probot caches them, so they are optional) and `.github/quorum.yml`, read once per
 * delivery (`deliveries`, default 1). Without `configYaml` (the default) the file is missing, and
 * Probot looks for it in the owner's `.github` repository too. With `optionalConfig` (default
 * false) the reads may not happen, for deliveries Quorum ignores.
 */
export function fakeInstallationAccess(
  api: nock.Scope,
  options: {
    readonly tokens?: number;
    readonly deliveries?: number;
    readonly configYaml?: string | undefined;
    readonly optionalConfig?: boolean;
  } = {},
): nock.Scope {
  const { tokens = 1, deliveries = 1, configYaml, optionalConfig = false } = options;
  api
    .post(`/app/installations/${installationId}/access_tokens`)
    .optionally()
    .times(tokens)
    .reply(201, { token: "ghs_testtoken", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
    .get(`${repoPath}/contents/.github%2Fquorum.yml`)
    .optionally(optionalConfig)
    .times(deliveries)
    .reply(configYaml === undefined ? 404 : 200, configYaml ?? { message: "Not Found" });
  if (configYaml !== undefined) return api;
  return api
    .get(`/repos/${fixtureRepo.owner}/.github/contents/.github%2Fquorum.yml`)
    .optionally(optionalConfig)
    .times(deliveries)
    .reply(404, { message: "Not Found" });
}
