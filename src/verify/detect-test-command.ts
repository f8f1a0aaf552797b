import { dirname } from "node:path";
import type { TreeFile } from "./open-workspace.ts";

/** The test frameworks Quorum knows how to place a new test file for and run one file of. */
export type TestFramework = "node-test" | "vitest" | "jest" | "mocha" | "pytest" | "go" | "cargo" | "unknown";

/** How a repository runs its tests. */
export interface TestCommand {
  /** The whole suite, e.g. `["npm", "test"]`. */
  readonly argv: readonly [string, ...string[]];
  /**
   * One test file only, when the runner can; otherwise undefined (for every file, or as the result
   * for a file the runner cannot run alone) and the whole suite is run.
   */
  readonly fileArgv?: ((path: string) => [string, ...string[]] | undefined) | undefined;
  /** For logs and reports, e.g. `npm test`. */
  readonly display: string;
  /** The shell text that runs the suite when known: package.json's `test` script or the configured command. */
  readonly script?: string | undefined;
  /** Where the command came from: the repository's config or what was detected. */
  readonly source: "config" | "package.json" | "pytest" | "go" | "cargo" | "make";
  readonly framework: TestFramework;
}

/** The `verify` section of `.github/quorum.yml`, when the repository has one. */
export interface TestCommandConfig {
  /** Shell command that runs the whole suite, e.g. `npm run test:unit`. */
  readonly command?: string | undefined;
  /** Shell command that runs one file, with `{file}` where the path goes, e.g. `node --test {file}`. */
  readonly testFileCommand?: string | undefined;
}

/** package.json's placeholder from `npm init`: not a test suite. */
const npmInitPlaceholder = /no test specified/;

/**
 * The repository's test command: the configured one, else detected from the files of the commit
 * (package.json `test` script → `npm test`; pytest markers → `python3 -m pytest`; `go.mod` →
 * `go test ./...`; `Cargo.toml` → `cargo test --offline`, one file with `--test`; a Makefile `test:` target → `make test`).
 * Undefined when there is none, and then nothing can be verified.
 */
export async function detectTestCommand(
  files: readonly TreeFile[],
  readFile: (path: string) => Promise<string | undefined>,
  config: TestCommandConfig = {},
): Promise<TestCommand | undefined> {
  const paths = new Set(files.map((file) => file.path));
  const packageScript = paths.has("package.json")
    ? readTestScript(await readFile("package.json"))
    : undefined;
  const framework = detectFramework(paths, packageScript);

  if (config.command !== undefined && config.command.trim() !== "") {
    const fileCommand = config.testFileCommand;
    return {
      argv: ["sh", "-c", config.command],
      fileArgv:
        fileCommand === undefined || !fileCommand.includes("{file}")
          ? undefined
          : (path) => ["sh", "-c", fileCommand.split("{file}").join(shellQuote(path))],
      display: config.command,
      script: config.command,
      source: "config",
      framework,
    };
  }
  if (packageScript !== undefined && !npmInitPlaceholder.test(packageScript)) {
    return {
      argv: ["npm", "test"],
      fileArgv: jsFileRunner(framework),
      display: "npm test",
      script: packageScript,
      source: "package.json",
      framework,
    };
  }
  if (framework === "pytest") {
    return {
      argv: ["python3", "-m", "pytest", "-q"],
      fileArgv: (path) => ["python3", "-m", "pytest", "-q", path],
      display: "python3 -m pytest -q",
      source: "pytest",
      framework,
    };
  }
  if (paths.has("go.mod")) {
    return {
      argv: ["go", "test", "./..."],
      fileArgv: (path) => ["go", "test", `./${dirname(path)}`],
      display: "go test ./...",
      source: "go",
      framework,
    };
  }
  if (paths.has("Cargo.toml")) {
    return {
      argv: ["cargo", "test", "--offline"],
      // An integration test file (`tests/<name>.rs`) is a test target of its own.
      fileArgv: (path) => {
        const target = /^tests\/([^/]+)\.rs$/.exec(path)?.[1];
        return target === undefined ? undefined : ["cargo", "test", "--offline", "--test", target];
      },
      display: "cargo test --offline",
      source: "cargo",
      framework,
    };
  }
  for (const makefile of ["Makefile", "makefile", "GNUmakefile"]) {
    if (paths.has(makefile) && /^test\s*:/m.test((await readFile(makefile)) ?? "")) {
      return { argv: ["make", "test"], display: "make test", source: "make", framework };
    }
  }
  return undefined;
}

function readTestScript(packageJson: string | undefined): string | undefined {
  try {
    const scripts = (JSON.parse(packageJson ?? "{}") as { scripts?: Record<string, unknown> }).scripts;
    const test = scripts?.test;
    return typeof test === "string" ? test : undefined;
  } catch {
    return undefined;
  }
}

function detectFramework(paths: ReadonlySet<string>, packageScript: string | undefined): TestFramework {
  if (packageScript !== undefined) {
    if (/\bnode\b[^&|;]*--test\b/.test(packageScript)) return "node-test";
    if (/\bvitest\b/.test(packageScript)) return "vitest";
    if (/\bjest\b/.test(packageScript)) return "jest";
    if (/\bmocha\b/.test(packageScript)) return "mocha";
  }
  const pythonMarkers = ["pytest.ini", "conftest.py", "tox.ini", "setup.cfg", "pyproject.toml"];
  if ([...paths].some((p) => pythonMarkers.includes(p) || /(?:^|\/)test_[^/]*\.py$|_test\.py$/.test(p)))
    return "pytest";
  if (paths.has("go.mod")) return "go";
  if (paths.has("Cargo.toml")) return "cargo";
  return "unknown";
}

function jsFileRunner(framework: TestFramework): TestCommand["fileArgv"] {
  switch (framework) {
    case "node-test":
      return (path) => ["node", "--test", path];
    case "vitest":
      return (path) => ["npx", "--no-install", "vitest", "run", path];
    case "jest":
      return (path) => ["npx", "--no-install", "jest", path];
    case "mocha":
      return (path) => ["npx", "--no-install", "mocha", path];
    default:
      return undefined;
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
