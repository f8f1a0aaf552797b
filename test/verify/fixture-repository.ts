import { cpSync } from "node:fs";
import { join } from "node:path";
import { commitFiles, createGitRepository } from "./git-fixture.ts";

const fixturesDir = join(import.meta.dirname, "../../fixtures/repos");

/**
 * Copies `fixtures/repos/<name>` to `dir`, commits it on `main`, then commits `changes` on top
 * (e.g. a failing test). Returns the last commit.
 */
export function createFixtureRepository(
  name: string,
  dir: string,
  changes: Readonly<Record<string, string>> = {},
): string {
  cpSync(join(fixturesDir, name), dir, { recursive: true });
  const first = createGitRepository(dir, {});
  return Object.keys(changes).length === 0 ? first : commitFiles(dir, changes, "changes");
}
