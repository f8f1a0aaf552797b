/** Probot's standard variables that Quorum honours, documented next to Quorum's own (which come from zod). */
export interface VariableDoc {
  readonly name: string;
  readonly default: string;
  readonly example: string;
  readonly description: string;
}

export const probotVariables: readonly VariableDoc[] = [
  {
    name: "APP_ID",
    default: "none (without it, `quorum serve` starts Probot's setup flow)",
    example: "123456",
    description: "The GitHub App's ID (its settings page, General → About).",
  },
  {
    name: "PRIVATE_KEY",
    default: "none",
    example: '"-----BEGIN RSA PRIVATE KEY-----\\n…"',
    description:
      "The App's private key: the PEM text, with real or `\\n`-escaped line breaks, or base64 of the file. Takes precedence over PRIVATE_KEY_PATH.",
  },
  {
    name: "PRIVATE_KEY_PATH",
    default: "the only `*.pem` file in the working directory, if there is exactly one",
    example: "/etc/quorum/app.private-key.pem",
    description: "Path to the App's private key file.",
  },
  {
    name: "WEBHOOK_SECRET",
    default: 'none (Probot falls back to "development"; `quorum doctor` fails that)',
    example: "$(openssl rand -hex 32)",
    description: "The secret GitHub signs webhooks with; must equal the App's webhook secret.",
  },
  {
    name: "WEBHOOK_PROXY_URL",
    default: "none: GitHub delivers straight to this machine",
    example: "https://smee.io/AbC123",
    description:
      "A smee.io channel relaying webhooks to a machine GitHub cannot reach (a mini PC behind NAT). Development and small setups only.",
  },
  {
    name: "WEBHOOK_PATH",
    default: "/api/github/webhooks",
    example: "/hooks/github",
    description: "Path the webhook endpoint listens on.",
  },
  {
    name: "PORT",
    default: "3000",
    example: "8080",
    description: "HTTP port of the webhook server (and Probot's `/ping` health check).",
  },
  {
    name: "HOST",
    default: "all interfaces",
    example: "127.0.0.1",
    description: "Address the webhook server binds to; 127.0.0.1 behind a reverse proxy.",
  },
  {
    name: "LOG_LEVEL",
    default: "info",
    example: "debug",
    description: "pino log level: trace, debug, info, warn, error, fatal or silent.",
  },
  {
    name: "GHE_HOST",
    default: "none: github.com",
    example: "github.example.com",
    description: "Host name of a GitHub Enterprise Server; the API is then `https://GHE_HOST/api/v3`.",
  },
  {
    name: "GHE_PROTOCOL",
    default: "https",
    example: "http",
    description: "Protocol for GHE_HOST.",
  },
];
