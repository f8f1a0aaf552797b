import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";
import type { SandboxFacts } from "./doctor-probes.ts";

const enableNamespaces =
  "Install bubblewrap (`apt-get install bubblewrap`) and allow unprivileged user namespaces (`sysctl kernel.apparmor_restrict_unprivileged_userns=0` on Ubuntu 24.04+, `sysctl kernel.unprivileged_userns_clone=1` on older Debian); in Docker, run the container with a seccomp profile that permits `unshare`.";

/**
 * Code from a pull request only runs inside the sandbox. Without one, Quorum still reviews, but it
 * cannot verify fixes or generated tests.
 */
export function checkSandbox(facts: SandboxFacts): DoctorCheck {
  if (facts.selfTest !== undefined) {
    if (facts.selfTest.ok) return createOk("sandbox", "self-test", facts.selfTest.detail);
    return createProblem("fail", "sandbox", "self-test", facts.selfTest.detail, enableNamespaces);
  }
  const tools = [
    `bwrap ${facts.bwrapPath ?? "not installed"}`,
    `unshare ${facts.unsharePath ?? "not installed"}`,
  ].join(", ");
  if (facts.userNamespaces) {
    return createOk(
      "sandbox",
      "namespaces",
      `unprivileged user + network namespaces work (${tools}); the sandbox self-test is not available yet, so only the tools were checked`,
    );
  }
  return createProblem(
    "warn",
    "sandbox",
    "namespaces",
    `cannot create unprivileged user + network namespaces (${tools}): fixes and generated tests cannot be run, so they will not be verified`,
    enableNamespaces,
  );
}
