import { describe, expect, it } from "vitest";
import { planDependencyInstall } from "../../src/verify/index.ts";

const withDependencies = JSON.stringify({ name: "app", dependencies: { "left-pad": "1.3.0" } });

describe("planDependencyInstall", () => {
  it("installs from an npm lockfile with `npm ci`, never running install scripts", () => {
    expect(
      planDependencyInstall(["package.json", "package-lock.json", "src/a.js"], withDependencies),
    ).toEqual({
      kind: "install",
      manager: "npm",
      argv: ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
      display: "npm ci --ignore-scripts",
      lockfile: "package-lock.json",
    });
    expect(planDependencyInstall(["package.json", "npm-shrinkwrap.json"], withDependencies)).toMatchObject({
      kind: "install",
      lockfile: "npm-shrinkwrap.json",
    });
  });

  it("needs nothing when no dependency is declared or node_modules is committed", () => {
    const noDeps = JSON.stringify({ name: "app", scripts: { test: "node --test" }, dependencies: {} });
    expect(planDependencyInstall(["package.json", "package-lock.json"], noDeps)).toEqual({
      kind: "none",
      why: "package.json declares no dependencies",
    });
    expect(
      planDependencyInstall(
        ["package.json", "package-lock.json", "node_modules/left-pad/index.js"],
        withDependencies,
      ),
    ).toEqual({ kind: "none", why: "node_modules is committed" });
    expect(planDependencyInstall(["main.go", "go.mod"], undefined)).toEqual({
      kind: "none",
      why: "no package.json",
    });
  });

  it("says why it cannot install without an npm lockfile, or for Python requirements", () => {
    expect(planDependencyInstall(["package.json"], withDependencies)).toMatchObject({
      kind: "unsupported",
      why: expect.stringMatching(/no package-lock\.json/),
    });
    expect(planDependencyInstall(["package.json", "yarn.lock"], withDependencies)).toMatchObject({
      kind: "unsupported",
      why: expect.stringMatching(/^yarn\.lock: /),
    });
    expect(planDependencyInstall(["app.py", "requirements.txt"], undefined)).toMatchObject({
      kind: "unsupported",
      why: "requirements.txt: Quorum installs npm dependencies only",
    });
  });
});
