import { compareVersions } from "./compare-versions.ts";
import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";

/** The oldest Node Quorum supports, as in package.json `engines`. */
export const minimumNodeVersion = "20.19.0";

export function checkNode(version: string): DoctorCheck {
  const shown = `v${version.replace(/^v/, "")}`;
  if (compareVersions(version, minimumNodeVersion) >= 0) {
    return createOk("node", "version", `${shown} (needs ≥ ${minimumNodeVersion})`);
  }
  return createProblem(
    "fail",
    "node",
    "version",
    `${shown} is older than ${minimumNodeVersion}`,
    `Install Node ${minimumNodeVersion} or newer (e.g. \`nvm install 20\`, or the packages from nodejs.org).`,
  );
}
