import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";

/** Quorum shells out to git for diffs and worktrees (`quorum review`, verified fixes). */
export function checkGit(version: string | null): DoctorCheck {
  if (version === null) {
    return createProblem(
      "fail",
      "git",
      "version",
      "git is not on PATH",
      "Install git (Debian/Ubuntu: `apt-get install git`; macOS: `xcode-select --install` or `brew install git`).",
    );
  }
  return createOk("git", "version", version);
}
