import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";
import type { SandboxFacts } from "./doctor-probes.ts";

const enableNamespaces =
  "Install bubblewrap (`apt-get install bubblewrap`) and allow unprivileged user namespaces (`sysctl kernel.apparmor_restrict_unprivileged_userns=0` on Ubuntu 24.04+, `sysctl kernel.unprivileged_userns_clone=1` on older Debian); in Docker, run the container with a seccomp profile that permits `unshare`.";

/**
 * Code from a pull request only runs inside the sandbox. Without one, Quorum still reviews, but it
 * cannot verify fixes or generated tests.
 */
export function checkSandbox(facts: SandboxFacts): DoctorCheck {
  const { selfTest } = facts;
  if (selfTest?.outcome === "isolated") return createOk("sandbox", "self-test", selfTest.detail);
  if (selfTest?.outcome === "unisolated") {
    return createProblem(
      "warn",
      "sandbox",
      "self-test",
      `QUORUM_SANDBOX=off: repository code runs WITHOUT isolation (${selfTest.detail})`,
      "Only acceptable when this machine runs trusted repositories alone; otherwise unset QUORUM_SANDBOX and make bubblewrap or unshare work.",
    );
  }
  if (selfTest?.outcome === "unavailable") {
    return createProblem(
      "warn",
      "sandbox",
      "self-test",
      `no sandbox passed its self-test, so Quorum reviews but will not run repository code (fixes and generated tests stay unverified): ${selfTest.detail}`,
      enableNamespaces,
    );
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
