import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";
import type { SandboxFacts } from "./doctor-probes.ts";
import { redactUrl } from "./redact-url.ts";

/**
 * Where the sandboxed `npm ci --ignore-scripts` step may download from. Under bubblewrap the
 * sandbox brings loopback up itself; under `unshare` it needs `ip` (iproute2) to reach the
 * filtering proxy, or the install step is refused.
 */
export function checkDependencyInstall(registry: string | undefined, sandbox: SandboxFacts): DoctorCheck {
  if (registry === undefined || registry === "") {
    return createOk(
      "sandbox",
      "installs",
      "QUORUM_INSTALL_REGISTRY unset: dependency installs run with no network, so repositories whose tests need packages not yet installed are verified without them",
    );
  }
  const shown = redactUrl(registry);
  if (sandbox.bwrapPath === null && sandbox.ipPath === null) {
    return createProblem(
      "warn",
      "sandbox",
      "installs",
      `QUORUM_INSTALL_REGISTRY is ${shown}, but without bubblewrap the sandbox needs \`ip\` to reach the registry proxy, and it is not installed: installs are refused`,
      "Install iproute2 (`apt-get install iproute2`) or bubblewrap (`apt-get install bubblewrap`).",
    );
  }
  return createOk(
    "sandbox",
    "installs",
    `dependency installs (\`npm ci --ignore-scripts\`) may reach only ${shown}, through Quorum's filtering proxy`,
  );
}
