import { describe, expect, it } from "vitest";
import {
  buildLaunchArgv,
  buildSandboxEnvironment,
  CappedOutput,
  readSandboxSettings,
  resolveSandboxLimits,
  SandboxRequestError,
} from "../../src/verify/index.ts";

const limits = resolveSandboxLimits({
  timeoutMs: 60_000,
  processes: 100,
  memoryBytes: 1024,
  fileSizeBytes: 2048,
  openFiles: 64,
});
const tools = {
  unshare: "/usr/bin/unshare",
  setpriv: "/usr/bin/setpriv",
  prlimit: "/usr/bin/prlimit",
  bwrap: "/usr/bin/bwrap",
};
const prlimitArgs = ["--as=1024", "--nproc=100", "--fsize=2048", "--cpu=65", "--nofile=64", "--core=0", "--"];

/** `npm test` in `/w` (writable) with the tools and limits above; each test sets what it is about. */
function launch(
  input: Pick<Parameters<typeof buildLaunchArgv>[0], "mechanism"> &
    Partial<Parameters<typeof buildLaunchArgv>[0]>,
): string[] {
  return buildLaunchArgv({
    tools,
    limits,
    command: ["npm", "test"],
    cwd: "/w",
    writableDirs: ["/w"],
    ...input,
  });
}

describe("buildLaunchArgv", () => {
  it("as root with unshare: namespaces first, limits while privileged, then the drop to the throwaway uid", () => {
    expect(
      launch({
        mechanism: "unshare",
        runAs: { uid: 200_001, gid: 200_001 },
      }),
    ).toEqual([
      "/usr/bin/unshare",
      "--net",
      "--pid",
      "--fork",
      "--kill-child",
      "--mount-proc",
      "--ipc",
      "--uts",
      "--",
      "/usr/bin/prlimit",
      ...prlimitArgs,
      "/usr/bin/setpriv",
      "--reuid=200001",
      "--regid=200001",
      "--clear-groups",
      "--no-new-privs",
      "--inh-caps=-all",
      "--bounding-set=-all",
      "--",
      "npm",
      "test",
    ]);
  });

  it("unprivileged with unshare: a user namespace makes the other namespaces possible", () => {
    const argv = launch({ mechanism: "unshare" });
    expect(argv.slice(0, 3)).toEqual(["/usr/bin/unshare", "--user", "--map-root-user"]);
    expect(argv).not.toContain("/usr/bin/setpriv");
  });

  // The private /tmp comes before the read-only paths, so one under the host's /tmp stays visible.
  it("with bubblewrap: limits, uid drop, then a new root with only what is bound", () => {
    const argv = launch({
      mechanism: "bwrap",
      runAs: { uid: 200_002, gid: 200_002 },
      readOnlyPaths: ["/etc/ssl"],
      rootEntries: [{ path: "/usr" }, { path: "/bin", symlinkTarget: "usr/bin" }],
      tmp: "/run/t",
    });
    expect(argv.slice(0, 1)).toEqual(["/usr/bin/prlimit"]);
    expect(argv.indexOf("/usr/bin/setpriv")).toBeLessThan(argv.indexOf("/usr/bin/bwrap"));
    const bwrap = argv.slice(argv.indexOf("/usr/bin/bwrap"));
    expect(bwrap.join(" ")).toBe(
      "/usr/bin/bwrap --unshare-all --die-with-parent --new-session --cap-drop ALL --hostname sandbox --ro-bind-try /usr /usr --symlink usr/bin /bin --proc /proc --dev /dev --bind /run/t /tmp --ro-bind-try /etc/ssl /etc/ssl --bind /w /w --chdir /w -- npm test",
    );
  });

  it("without isolation (operator override) only applies the limits", () => {
    expect(launch({ mechanism: "none", writableDirs: [] })).toEqual([
      "/usr/bin/prlimit",
      ...prlimitArgs,
      "npm",
      "test",
    ]);
  });

  it("refuses a mechanism whose programs are missing", () => {
    expect(() => launch({ mechanism: "unshare", tools: {}, command: ["true"], writableDirs: [] })).toThrow(
      SandboxRequestError,
    );
  });
});

describe("readSandboxSettings", () => {
  it("defaults to auto with the default uid range", () => {
    expect(readSandboxSettings({})).toEqual({ mode: "auto", uids: { first: 200_000, count: 100_000 } });
  });

  it("reads the operator's mode and uid range, and refuses anything else", () => {
    expect(readSandboxSettings({ QUORUM_SANDBOX: "OFF", QUORUM_SANDBOX_UIDS: "60000-60099" })).toEqual({
      mode: "off",
      uids: { first: 60_000, count: 100 },
    });
    expect(() => readSandboxSettings({ QUORUM_SANDBOX: "docker" })).toThrow(SandboxRequestError);
    expect(() => readSandboxSettings({ QUORUM_SANDBOX_UIDS: "0-10" })).toThrow(SandboxRequestError);
    expect(() => readSandboxSettings({ QUORUM_SANDBOX_UIDS: "9000-1000" })).toThrow(SandboxRequestError);
  });
});

describe("resolveSandboxLimits", () => {
  it("derives the CPU limit from the time limit unless given, and refuses non-positive values", () => {
    expect(resolveSandboxLimits({ timeoutMs: 10_000 }).cpuSeconds).toBe(15);
    expect(resolveSandboxLimits({ timeoutMs: 10_000, cpuSeconds: 3 }).cpuSeconds).toBe(3);
    expect(resolveSandboxLimits({ processes: undefined }).processes).toBe(512);
    expect(() => resolveSandboxLimits({ processes: 0 })).toThrow(SandboxRequestError);
    expect(() => resolveSandboxLimits({ memoryBytes: 1.5 })).toThrow(SandboxRequestError);
  });
});

describe("buildSandboxEnvironment", () => {
  it("contains only allow-listed variables, whatever the host has", () => {
    const env = buildSandboxEnvironment({
      home: "/h",
      tmp: "/t",
      host: {
        LANG: "de_DE.UTF-8",
        TZ: "Europe/Berlin; rm -rf /",
        GITHUB_TOKEN: "ghs_x",
        PATH: "/root/.cargo/bin",
        LC_ALL: "C",
      },
      extra: { NODE_OPTIONS: "--max-old-space-size=512" },
    });
    expect(env).toMatchObject({
      HOME: "/h",
      TMPDIR: "/t",
      LANG: "de_DE.UTF-8",
      LC_ALL: "C",
      TZ: "UTC",
      CI: "true",
      NODE_OPTIONS: "--max-old-space-size=512",
    });
    expect(env.PATH).toBe("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    expect(Object.keys(env)).not.toContain("GITHUB_TOKEN");
  });
});

describe("CappedOutput", () => {
  it("keeps everything under the cap", () => {
    const output = new CappedOutput(100);
    output.push(Buffer.from("hello "));
    output.push(Buffer.from("world"));
    expect(output.text()).toBe("hello world");
    expect(output.truncated).toBe(false);
  });

  it("keeps the first quarter and the last three quarters of the cap, and says how much was dropped", () => {
    const output = new CappedOutput(40);
    for (let i = 0; i < 100; i += 1) output.push(Buffer.from(String(i % 10)));
    output.push(Buffer.from("END"));
    expect(output.totalBytes).toBe(103);
    expect(output.truncated).toBe(true);
    expect(output.text()).toBe(
      `0123456789\n… [63 bytes of output omitted] …\n345678901234567890123456789END`,
    );
  });
});
