/** The PATH inside the sandbox unless the operator gives one: system directories only. */
export const defaultSandboxPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface SandboxEnvironmentInput {
  /** Private, empty home directory of this run. */
  readonly home: string;
  /** Private temporary directory of this run. */
  readonly tmp: string;
  /** Search path for commands. Default: `defaultSandboxPath`. */
  readonly path?: string | undefined;
  /** The host's variables; only locale and time zone are read from it. Default: `process.env`. */
  readonly host?: NodeJS.ProcessEnv | undefined;
  /** Variables Quorum's own code adds for this run (never values from the repository's config). */
  readonly extra?: Readonly<Record<string, string>> | undefined;
}

/** Host variables copied into the sandbox when they hold plain values; everything else stays out. */
const inheritedNames = ["LANG", "LC_ALL", "LC_CTYPE", "TZ"] as const;

/**
 * The complete environment of a sandboxed run, built from an allow-list: nothing of Quorum's own
 * environment (app key, webhook secret, tokens, Redis URL) can reach repository code, whatever it
 * is called. Package managers are told to stay offline and not to run install scripts.
 */
export function buildSandboxEnvironment(input: SandboxEnvironmentInput): Record<string, string> {
  const host = input.host ?? process.env;
  const env: Record<string, string> = {
    PATH: input.path ?? defaultSandboxPath,
    HOME: input.home,
    TMPDIR: input.tmp,
    TMP: input.tmp,
    TEMP: input.tmp,
    USER: "sandbox",
    LOGNAME: "sandbox",
    LANG: "C.UTF-8",
    TZ: "UTC",
    CI: "true",
    TERM: "dumb",
    NO_COLOR: "1",
    // npm still runs the script that `npm test` names, but no pre/post or install scripts.
    npm_config_ignore_scripts: "true",
    npm_config_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    PIP_NO_INDEX: "1",
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONUNBUFFERED: "1",
    GOPROXY: "off",
    GOTOOLCHAIN: "local",
    CARGO_NET_OFFLINE: "true",
  };
  for (const name of inheritedNames) {
    const value = host[name];
    if (value !== undefined && /^[A-Za-z0-9_.@/+:-]{1,64}$/.test(value)) env[name] = value;
  }
  return { ...env, ...input.extra };
}
